"""The fixed vocabularies matching works with: tasks, adaptations, routes.

A fixed list of codes (not free text) keeps matching explainable and fair: two people who can
do the same work get the same codes, whatever words they would have used, and the codes carry
no trace of the way someone writes (language is a protected proxy). Each code has a Dutch and
an English label for explanations; the Django side may translate the codes itself instead.
"""

from __future__ import annotations

# code -> (Dutch label, English label). The order is the column order of the arrays in
# ``profiles``: append new codes at the end so stored arrays keep their meaning.
TASKS: dict[str, tuple[str, str]] = {
    "cleaning": ("schoonmaken", "cleaning"),
    "kitchen_help": ("keukenhulp", "kitchen help"),
    "cooking": ("koken", "cooking"),
    "serving": ("bedienen", "serving guests"),
    "dishwashing": ("afwassen", "dishwashing"),
    "order_picking": ("orderpicken", "order picking"),
    "packing": ("inpakken", "packing"),
    "sorting": ("sorteren", "sorting"),
    "assembly": ("monteren", "assembly"),
    "warehouse": ("magazijnwerk", "warehouse work"),
    "forklift": ("heftruck rijden", "driving a forklift"),
    "driving": ("rijden (rijbewijs B)", "driving (car licence)"),
    "delivery": ("bezorgen", "delivery"),
    "shelf_stocking": ("vakkenvullen", "stocking shelves"),
    "cash_register": ("kassawerk", "working the till"),
    "customer_service": ("klanten helpen", "helping customers"),
    "reception": ("receptie", "reception"),
    "phone": ("telefoon aannemen", "answering the phone"),
    "data_entry": ("gegevens invoeren", "data entry"),
    "filing": ("archiveren", "filing"),
    "administration": ("administratie", "administration"),
    "ict_support": ("computerhulp", "computer support"),
    "gardening": ("tuinieren", "gardening"),
    "green_maintenance": ("groenonderhoud", "park and green maintenance"),
    "street_cleaning": ("straatreiniging", "street cleaning"),
    "recycling": ("recycling", "recycling"),
    "painting": ("schilderen", "painting"),
    "carpentry": ("timmeren", "carpentry"),
    "bike_repair": ("fietsen repareren", "bicycle repair"),
    "technical_maintenance": ("technisch onderhoud", "technical maintenance"),
    "care_support": ("helpen in de zorg", "support in care"),
    "childcare_support": ("helpen in de kinderopvang", "support in childcare"),
    "elderly_company": ("ouderen gezelschap houden", "keeping older people company"),
    "activity_support": ("activiteiten begeleiden", "running activities"),
    "sewing": ("naaien", "sewing"),
    "laundry": ("wassen en strijken", "laundry"),
    "security": ("beveiliging", "security"),
    "event_help": ("helpen bij evenementen", "helping at events"),
    "animal_care": ("dieren verzorgen", "animal care"),
    "teaching_support": ("helpen in de klas", "support in the classroom"),
}

ADAPTATIONS: dict[str, tuple[str, str]] = {
    "wheelchair_access": ("toegankelijk met rolstoel", "wheelchair access"),
    "adjusted_workstation": ("aangepaste werkplek", "adjusted workstation"),
    "quiet_workspace": ("rustige werkplek", "quiet workspace"),
    "flexible_hours": ("flexibele werktijden", "flexible hours"),
    "short_shifts": ("korte diensten", "short shifts"),
    "job_coach": ("jobcoach op de werkvloer", "job coach at work"),
    "fixed_structure": ("vaste structuur en taken", "fixed structure and tasks"),
    "extra_breaks": ("extra pauzes", "extra breaks"),
    "written_instructions": ("schriftelijke instructies", "written instructions"),
    "visual_instructions": ("instructies met beelden", "instructions with pictures"),
    "seated_work": ("zittend werk", "seated work"),
    "hearing_loop": ("ringleiding", "hearing loop"),
}

# The routes of the design (DESIGN.md), same codes as meedoen.simulation.goals.ROUTES; none
# is ranked above another. A person may wish for any of them.
ROUTES: dict[str, tuple[str, str]] = {
    "paid_work": ("betaald werk", "paid work"),
    "supported_work": ("betaald werk met ondersteuning", "paid work with support"),
    "basisbaan": ("basisbaan", "a basic job (basisbaan)"),
    "leerwerkplek": ("leerwerkplek", "a learning-work place (leerwerkplek)"),
    "education": ("opleiding", "education"),
    "volunteering": ("vrijwilligerswerk", "volunteering"),
    "mantelzorg": ("mantelzorg", "informal care"),
    "social_activation": ("meedoen in de buurt", "social activation"),
    "recognised_rest": ("erkende rust", "recognised rest"),
}

# The routes an employer (or the werkgeversservicepunt) can offer an opportunity on.
OPPORTUNITY_ROUTES: tuple[str, ...] = (
    "paid_work",
    "supported_work",
    "basisbaan",
    "leerwerkplek",
    "volunteering",
)

# Places where learning the work is the point: there a task the person wants to learn counts
# like a task they can already do.
LEARNING_ROUTES: frozenset[str] = frozenset({"basisbaan", "leerwerkplek"})

# Hours are whole hours per week, 0..48: 48 is the legal average maximum of the Dutch
# Arbeidstijdenwet, so no valid range needs more.
HOURS_MAX = 48

TASK_CODES: tuple[str, ...] = tuple(TASKS)
ADAPTATION_CODES: tuple[str, ...] = tuple(ADAPTATIONS)
ROUTE_CODES: tuple[str, ...] = tuple(ROUTES)
