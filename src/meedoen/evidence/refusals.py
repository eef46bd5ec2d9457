"""The engine's reasons for giving no number, in the reader's language, by the error's code.

The engine (Django-free) words its reasons in English with a stable ``code``; pages show
this plain-language version and keep the engine's own sentence as detail.
"""

from django.utils.translation import gettext_lazy as _

REASONS = {
    "bad_data": _("The records cannot be compared yet: for example, everyone had the same "
                  "support, so there is nothing to compare with."),
    "too_few_in_support": _("Too few people chose some kinds of support to say anything "
                            "about them yet."),
    "too_few_rows": _("There are too few people in the records to say anything yet."),
    "no_control": _("Nobody in the records had no support, so there is nothing to compare "
                    "with."),
    "constant_outcome": _("An outcome was the same for everyone, so no support can be shown "
                          "to change it."),
    "no_follow_up": _("Nobody has reached the moment of measuring yet (about six months "
                      "after choosing)."),
    "missing_outcome": _("Some people have not reached the moment of measuring yet."),
    "missing_values": _("Some facts about people are missing; the engine does not guess "
                        "them."),
    "weak_overlap": _("The people who chose a support differ too much from those who did not "
                      "to compare them fairly."),
    "protected_attribute": _("A protected characteristic was offered as input; it is never "
                             "used."),
}
GENERIC = _("The records cannot support an estimate yet.")


def refusal_text(code: str) -> str:
    return str(REASONS.get(code, GENERIC))
