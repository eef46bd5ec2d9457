"""Providers and support offers of the demo municipality (content, so in Dutch)."""

PROVIDERS = [
    ("Werkpunt Voorbeeld", "Wij helpen mensen naar werk dat bij hen past, in hun eigen tempo."),
    ("Stichting De Buurtkracht", "Buurthuizen, vrijwilligerswerk en activiteiten in de wijk."),
    ("Leerhuis Oost", "Taal, rekenen en beroepsopleidingen voor volwassenen."),
    ("IPS-team GGZ Voorbeeld", "Begeleid werken volgens IPS, samen met uw behandelaar."),
]

# (provider index, title, instrument, routes, weeks, hours/week, capacity, cost, description,
#  location, travel, accessibility)
OFFERS = [
    (0, "Werkcoach in de wijk", "coaching", ["paid_work", "supported_work"], 12, 3, 40, 1400,
     "Een vaste coach helpt u een baan te zoeken die bij u past: uw cv, gesprekken, en "
     "contact met werkgevers.", "Wijkcentrum De Linde", "Bus 3, halte Lindeplein",
     "Rolstoeltoegankelijk"),
    (0, "Sollicitatietraining in groepjes", "coaching", ["paid_work"], 6, 6, 16, 600,
     "In een klein groepje oefent u sollicitatiegesprekken en leert u waar vacatures staan.",
     "Werkpunt, Stationsstraat 10", "5 minuten lopen van het station", "Lift aanwezig"),
    (0, "Proefplaatsing met begeleiding", "trial_placement", ["paid_work", "supported_work"],
     8, 24, 10, 900, "U werkt een paar weken mee bij een werkgever, met behoud van uitkering. "
     "Daarna kijkt u samen of het past.", "Bij werkgevers in de regio", "Reiskosten vergoed", ""),
    (1, "Vrijwilligerswerk vinden", "volunteering", ["volunteering", "social_activation"], 8, 2,
     30, 300, "Samen zoeken we vrijwilligerswerk dat bij u past, en we gaan de eerste keer mee.",
     "Buurthuis De Kroon", "Bus 5, halte Kroonplein", "Rolstoeltoegankelijk, rustige ruimte"),
    (1, "Meedoen in de buurtkeuken", "social_activation", ["social_activation", "volunteering"],
     26, 6, 12, 800, "Twee ochtenden per week koken met buurtbewoners voor de wijkmaaltijd.",
     "Buurthuis De Kroon", "Bus 5, halte Kroonplein", "Rolstoeltoegankelijk"),
    (1, "Steunpunt mantelzorg", "social_activation", ["mantelzorg", "recognised_rest"], 12, 2,
     25, 350, "Even op adem komen en andere mantelzorgers ontmoeten. Ook hulp bij regelwerk.",
     "Buurthuis De Kroon", "Bus 5, halte Kroonplein", "Rolstoeltoegankelijk"),
    (2, "Nederlands op weg naar B1", "training", ["education", "leerwerkplek", "paid_work"], 30,
     6, 20, 1800, "Een taalcursus in kleine groepen, met oefenen in echte situaties.",
     "Leerhuis Oost", "Tram 2, halte Oostpoort", "Ringleiding in de lokalen"),
    (2, "Leerwerktraject logistiek", "training", ["leerwerkplek", "education", "paid_work"], 40,
     32, 12, 4200, "Drie dagen werken in een magazijn, één dag leren. U haalt een mbo-certificaat.",
     "Leerhuis Oost en werkgevers", "Reiskosten vergoed", ""),
    (3, "Begeleid werken (IPS)", "supported_employment", ["supported_work", "paid_work"], 52, 2,
     25, 3500, "Een jobcoach zoekt met u snel naar betaald werk dat bij uw wensen past, en blijft "
     "u steunen als u werkt.", "Waar het u uitkomt", "De coach komt naar u toe", "Op maat"),
    (0, "Basisbaan groenonderhoud", "basisbaan", ["basisbaan"], 52, 28, 20, 21000,
     "Een betaalde baan in het onderhoud van parken en straten, met een vaste ploeg.",
     "Gemeentewerf", "Fietsenstalling aanwezig", ""),
]

# How much each offer adds compared with what its kind of support typically adds: the demo
# town's hidden truth (synthetic, assumed), so the engine's added value can be checked
# against it. Providers of the same kind differ on purpose.
QUALITY = {
    "Werkcoach in de wijk": 1.3,
    "Sollicitatietraining in groepjes": 0.5,
    "Proefplaatsing met begeleiding": 1.0,
    "Vrijwilligerswerk vinden": 1.2,
    "Meedoen in de buurtkeuken": 1.0,
    "Steunpunt mantelzorg": 0.8,
    "Nederlands op weg naar B1": 0.8,
    "Leerwerktraject logistiek": 1.2,
    "Begeleid werken (IPS)": 1.0,
    "Basisbaan groenonderhoud": 1.0,
}
