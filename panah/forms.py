from django import forms

from casework.models import Stage
from detainees.case_list import AWAITING_PRODUCTION
from detainees.models import CustodyStatus
from documents.selectors import CASE_COVERAGE_CHOICES


class CaseFilterForm(forms.Form):
    q = forms.CharField(
        label="Search", required=False, max_length=100,
        widget=forms.SearchInput(attrs={"placeholder": "Name, father's name, reference or FIR"}),
    )  # fmt: skip
    stage = forms.ChoiceField(choices=[("", "Any stage"), *Stage.choices], required=False)
    custody = forms.ChoiceField(
        label="Custody",
        choices=[
            ("", "Any custody status"),
            (AWAITING_PRODUCTION, "Not yet produced before a magistrate"),
            *CustodyStatus.choices,
        ],
        required=False,
    )
    lawyer = forms.TypedChoiceField(
        label="Lead lawyer", coerce=int, required=False, empty_value=None
    )
    papers = forms.ChoiceField(
        label="Papers", choices=[("", "Any papers"), *CASE_COVERAGE_CHOICES], required=False
    )

    def __init__(self, *args, lawyers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lawyer"].choices = [("", "Any lawyer")] + [
            (u.pk, u.get_full_name() or u.username) for u in lawyers
        ]
