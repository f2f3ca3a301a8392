"""Literal data for the demo centre: French names, communes of the 77, fictitious organisations.

These are data values, not interface strings: they stay in French and are never translated.
Every organisation is invented (its e-mail domain ends in ``.example``), every phone number
is in a block ARCEP reserves for fiction, so no real person or company can be reached.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from telecentre_desk.domain.kinds import OrganisationKind


@dataclass(frozen=True)
class Commune:
    name: str
    postal_code: str
    km_to_centre: int  # rough road distance to the centre, for commute figures


@dataclass(frozen=True)
class NetworkCentre:
    """Another centre of the network, whose members sometimes work here."""

    code: str
    commune: Commune


@dataclass(frozen=True)
class CuratedOrganisation:
    name: str
    kind: OrganisationKind
    domain: str
    pays_for_members: bool
    siren_prefix: str  # first digits of the SIREN; the rest comes from the seed


# The demo centre: Rozay-en-Brie, 77540, INSEE code 77393 (not 77390, which is the
# postal code of Chaumes-en-Brie and Guignes).
CENTRE_NAME = "Tiers-lieu La Grange numérique"
# A cooperative (SCIC), as many tiers-lieux are: a company, so its invoices print the
# share capital and the RCS entry; under "franchise en base" all the same.
CENTRE_LEGAL_FORM = "SCIC SARL à capital variable"
CENTRE_ADDRESS = "7 rue de la Grange"
CENTRE_POSTAL_CODE = "77540"
CENTRE_CITY = "Rozay-en-Brie"
CENTRE_INSEE = "77393"
CENTRE_PHONE = "01 99 00 77 54"
CENTRE_EMAIL = "bonjour@grange-numerique.example"
CENTRE_SIRET = "84731952200011"  # Luhn-valid; checked by the tests
CENTRE_NETWORK_CODE = "77-ROZ"
# The billing identity: everything an invoice needs (checked by schwifty and the tests).
CENTRE_SHARE_CAPITAL = "12 400 €"
CENTRE_RCS = "RCS Melun 847 319 522"
CENTRE_VAT_NUMBER = "FR52847319522"  # key (12 + 3 × (SIREN mod 97)) mod 97
CENTRE_IBAN = "FR7618706004127319540010119"
CENTRE_BIC = "AGRIFRPP887"
# Fixed dates, so that one seed always gives the same rows: the centre opened on
# CENTRE_OPENED; organisations and members joined within HISTORY_DAYS after it.
CENTRE_OPENED = datetime(2021, 9, 6, 7, 30, tzinfo=UTC)
HISTORY_DAYS = 1500

# Communes around Rozay-en-Brie, with a rough road distance (km). The centre's own
# commune comes first and weighs most: most members live close by.
COMMUNES: tuple[Commune, ...] = (
    Commune("Rozay-en-Brie", "77540", 1),
    Commune("Voinsles", "77540", 4),
    Commune("Bernay-Vilbert", "77540", 4),
    Commune("Courpalay", "77540", 5),
    Commune("La Chapelle-Iger", "77540", 6),
    Commune("Le Plessis-Feu-Aussoux", "77540", 7),
    Commune("Lumigny-Nesles-Ormeaux", "77540", 8),
    Commune("Vaudoy-en-Brie", "77141", 9),
    Commune("Touquin", "77131", 10),
    Commune("Pécy", "77970", 12),
    Commune("Chaumes-en-Brie", "77390", 12),
    Commune("Fontenay-Trésigny", "77610", 12),
    Commune("Verneuil-l'Étang", "77390", 13),
    Commune("Marles-en-Brie", "77610", 14),
    Commune("Mormant", "77720", 14),
    Commune("Jouy-le-Châtel", "77970", 15),
    Commune("Guignes", "77390", 16),
    Commune("Tournan-en-Brie", "77220", 20),
    Commune("Nangis", "77370", 22),
    Commune("Coulommiers", "77120", 25),
    Commune("Melun", "77000", 28),
)
COMMUNE_WEIGHTS: tuple[int, ...] = (14, 5, 5, 5, 3, 3, 3, 3, 3, 3, 4, 5, 3, 3, 4, 2, 3, 3, 3, 3, 3)

NETWORK_CENTRES: tuple[NetworkCentre, ...] = (
    NetworkCentre("77-MEL", Commune("Melun", "77000", 28)),
    NetworkCentre("77-COU", Commune("Coulommiers", "77120", 25)),
    NetworkCentre("77-NAN", Commune("Nangis", "77370", 22)),
    NetworkCentre("77-PRO", Commune("Provins", "77160", 35)),
    NetworkCentre("77-MEA", Commune("Meaux", "77100", 32)),
    NetworkCentre("77-FON", Commune("Fontainebleau", "77300", 42)),
)

STREETS: tuple[str, ...] = (
    "rue de la Mairie",
    "rue du Général-de-Gaulle",
    "rue des Écoles",
    "chemin des Vignes",
    "rue de Paris",
    "allée des Tilleuls",
    "rue du Moulin",
    "impasse des Lilas",
    "route de Melun",
    "rue de la Gare",
    "place de l'Église",
    "rue Saint-Martin",
    "rue des Prés",
    "rue du Château",
    "sente des Jardins",
    "rue Pasteur",
    "rue Victor-Hugo",
    "avenue de la République",
    "rue de Provins",
    "chemin de la Ferme",
    "rue des Fossés",
    "rue du Lavoir",
    "résidence les Peupliers",
    "rue Jean-Jaurès",
)

# The small centre's organisations, always present (the large one adds generated ones).
CURATED_COMPANIES: tuple[CuratedOrganisation, ...] = (
    CuratedOrganisation(
        "Logiciels de la Brie SAS",
        OrganisationKind.COMPANY,
        "logiciels-brie.example",
        pays_for_members=True,
        siren_prefix="81",
    ),
    CuratedOrganisation(
        "Cabinet Morin-Vasseur Expertise comptable",
        OrganisationKind.COMPANY,
        "morin-vasseur.example",
        pays_for_members=True,
        siren_prefix="52",
    ),
    CuratedOrganisation(
        "Transports Yvron Logistique SARL",
        OrganisationKind.COMPANY,
        "yvron-logistique.example",
        pays_for_members=False,
        siren_prefix="44",
    ),
)
CURATED_ADMINISTRATIONS: tuple[CuratedOrganisation, ...] = (
    CuratedOrganisation(
        "Communauté de communes des Vallons de l'Yerres",
        OrganisationKind.ADMINISTRATION,
        "vallons-yerres.example",
        pays_for_members=True,
        siren_prefix="200",
    ),
    CuratedOrganisation(
        "Syndicat intercommunal des eaux du Plateau briard",
        OrganisationKind.ADMINISTRATION,
        "eaux-plateau-briard.example",
        pays_for_members=False,
        siren_prefix="257",
    ),
    CuratedOrganisation(
        "CIAS des Deux Morin",
        OrganisationKind.ADMINISTRATION,
        "cias-deux-morin.example",
        pays_for_members=True,
        siren_prefix="267",
    ),
)
CURATED_ASSOCIATIONS: tuple[CuratedOrganisation, ...] = (
    CuratedOrganisation(
        "Association Brie Nature Solidaire",
        OrganisationKind.ASSOCIATION,
        "brie-nature.example",
        pays_for_members=False,
        siren_prefix="79",
    ),
    CuratedOrganisation(
        "Les Jardins partagés de l'Yerres",
        OrganisationKind.ASSOCIATION,
        "jardins-yerres.example",
        pays_for_members=False,
        siren_prefix="80",
    ),
    CuratedOrganisation(
        "La Ressourcerie des Deux Morin",
        OrganisationKind.ASSOCIATION,
        "ressourcerie-deux-morin.example",
        pays_for_members=True,
        siren_prefix="83",
    ),
)

# Generated company names: "<stem> <place> <legal form>", e.g. "Atelier de l'Yvron SARL".
COMPANY_STEMS: tuple[str, ...] = (
    "Atelier",
    "Bureau d'études",
    "Cabinet",
    "Agence",
    "Studio",
    "Conseil",
    "Ingénierie",
    "Imprimerie",
    "Menuiserie",
    "Transports",
    "Paysages",
    "Informatique",
    "Énergies",
    "Architectes",
)
COMPANY_PLACES: tuple[str, ...] = (
    "de la Brie",
    "du Grand Morin",
    "de l'Yerres",
    "des Deux Morin",
    "du Plateau briard",
    "de l'Yvron",
    "de la Marsange",
    "des Étangs",
    "du Val d'Ancœur",
    "des Tilleuls",
)
COMPANY_FORMS: tuple[str, ...] = ("SAS", "SARL", "SCOP", "EURL", "SA")
BILLING_MAILBOXES: tuple[str, ...] = ("comptabilite", "factures", "compta", "administration")

# Personal mail: reserved example domains only (RFC 2606), never a real provider.
PERSONAL_DOMAINS: tuple[str, ...] = (
    "example.org",
    "example.net",
    "example.com",
    "courriel.example",
)

FIRST_NAMES: tuple[str, ...] = (
    "Agnès", "Alexandre", "Amélie", "Anaïs", "Anne-Sophie", "Antoine", "Arnaud", "Aurélien",
    "Béatrice", "Benoît", "Bérénice", "Bruno", "Camille", "Cécile", "Chloé", "Christophe",
    "Claire", "Clément", "Damien", "Delphine", "Denis", "Dominique", "Élodie", "Émilie",
    "Emma", "Étienne", "Fabrice", "Fatoumata", "Florence", "François", "Frédéric", "Gaëlle",
    "Gérard", "Gilles", "Grégoire", "Guillaume", "Hélène", "Hervé", "Hugo", "Ibrahim",
    "Inès", "Isabelle", "Jacques", "Jean-Baptiste", "Jean-Marc", "Jeanne", "Jérôme", "Joël",
    "Josiane", "Julie", "Julien", "Karine", "Laetitia", "Laurent", "Léa", "Leïla", "Léo",
    "Linh", "Louise", "Lucas", "Lucie", "Malik", "Mamadou", "Manon", "Marc", "Marie",
    "Marie-Claude", "Mathilde", "Mathis", "Maxime", "Mehdi", "Mélanie", "Michaël", "Nadia",
    "Nathalie", "Nathan", "Nicolas", "Noémie", "Nora", "Océane", "Olivier", "Ophélie",
    "Pascal", "Patrice", "Pauline", "Pierre", "Quentin", "Rachid", "Raphaël", "Régis",
    "Rémi", "Sami", "Samia", "Sandrine", "Sarah", "Sébastien", "Séverine", "Solène",
    "Sophie", "Stéphane", "Sylvie", "Théo", "Thierry", "Thomas", "Timothée", "Tiphaine",
    "Valérie", "Véronique", "Vincent", "Virginie", "Yannick", "Yasmine", "Yohan", "Youssef",
    "Zoé",
)  # fmt: skip

LAST_NAMES: tuple[str, ...] = (
    "Adam", "André", "Arnaud", "Aubert", "Aubry", "Bailly", "Barbier", "Baron", "Barré",
    "Barthélemy", "Belkacem", "Bénard", "Benali", "Bensaïd", "Berger", "Bernard", "Bertin",
    "Besson", "Blanc", "Blanchard", "Bonnet", "Boucher", "Bouvier", "Boyer", "Breton",
    "Brun", "Brunet", "Camara", "Caron", "Carpentier", "Carré", "Chauvin", "Chérif",
    "Chevalier", "Cissé", "Clément", "Colin", "Cordier", "Cousin", "Da Silva", "David",
    "Delaunay", "Denis", "Deschamps", "Diallo", "Dos Santos", "Dubois", "Dufour", "Dumas",
    "Dumont", "Dupont", "Dupuis", "Durand", "Duval", "Étienne", "Fabre", "Faure",
    "Ferreira", "Fleury", "Fontaine", "Fournier", "François", "Garnier", "Gauthier",
    "Germain", "Gillet", "Girard", "Giraud", "Guérin", "Guichard", "Guillot", "Haddad",
    "Hamon", "Hoarau", "Hubert", "Huet", "Humbert", "Jacquet", "Joly", "Kaya", "Klein",
    "Kowalski", "Lacroix", "Lambert", "Langlois", "Laporte", "Le Gall", "Le Goff",
    "Lebrun", "Leclerc", "Lefèvre", "Legrand", "Lejeune", "Lemaire", "Lemaître", "Lemoine",
    "Leroux", "Leroy", "Lévêque", "Lopez", "Maillard", "Mallet", "Mansouri", "Marchand",
    "Maréchal", "Martin", "Martinez", "Masson", "Mathieu", "Ménard", "Mendes", "Mercier",
    "Meunier", "Meyer", "Michaud", "Michel", "Moreau", "Morel", "Moulin", "N'Diaye",
    "Nguyen", "Noël", "Novak", "Olivier", "Payet", "Pelletier", "Pereira", "Perrin",
    "Perrot", "Petit", "Picard", "Poirier", "Poulain", "Prévost", "Renard", "Renaud",
    "Richard", "Rivière", "Robert", "Robin", "Roche", "Rolland", "Roussel", "Rousseau",
    "Roux", "Royer", "Schmitt", "Simon", "Tessier", "Thomas", "Tran", "Traoré", "Vasseur",
    "Vidal", "Weber", "Yilmaz",
)  # fmt: skip
