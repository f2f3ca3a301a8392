"""PDF documents (reportlab) and Factur-X XML. No Qt."""
