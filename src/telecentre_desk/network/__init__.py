"""The network exchange format: writer, reader, schemas, signatures, passports. No Qt."""
