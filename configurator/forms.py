"""Forms of the configurator pages: the product's questions, and placing an order from a quote."""

from django import forms
from django.utils.translation import gettext_lazy as _

from config.text import LONG_TEXT_MAX_LENGTH, TEXT_MAX_LENGTH

from .choices import NodeType, QuoteStatus
from .models import NUMERIC_DIGITS, NUMERIC_PLACES
from .pages import Question, plain_number


def question_field(question: Question) -> forms.Field:
    """The form field a question asks with (pages.input_kind chose its kind)."""
    node = question.node
    common = {"label": node.name, "required": False, "help_text": node.help_text or ""}
    if question.kind == "radio":
        # Answers are optional (reference: `required` is not enforced), so a radio can be cleared.
        choices = [("", _("None")), *((option.pk, option.name) for option in question.options)]
        return forms.TypedChoiceField(coerce=int, empty_value=None, choices=choices, widget=forms.RadioSelect, **common)
    if question.kind == "select":
        choices = [("", "—"), *((option.pk, option.name) for option in question.options)]
        return forms.TypedChoiceField(coerce=int, empty_value=None, choices=choices, **common)
    if question.kind == "number":
        widget = forms.NumberInput(attrs={"step": "any"})
        return forms.DecimalField(max_digits=NUMERIC_DIGITS, decimal_places=NUMERIC_PLACES, widget=widget, **common)
    if question.kind == "checkbox":
        return forms.BooleanField(**common)
    return forms.CharField(max_length=LONG_TEXT_MAX_LENGTH, **common)


class ConfigurationForm(forms.Form):
    """Name a configuration and answer its product's questions; answers become service selections."""

    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=TEXT_MAX_LENGTH
    )

    def __init__(self, questions: list[Question], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            if question.is_input:
                self.fields[question.field_name] = question_field(question)

    def blocks(self):
        """(question, bound field or None) in tree order, for the template."""
        return [(question, self[question.field_name] if question.is_input else None) for question in self.questions]

    def selections(self) -> list[tuple[str, dict]]:
        """(field name, selection item) for every answered question whose answer is valid."""
        answers = []
        for question in self.questions:
            value = self.cleaned_data.get(question.field_name) if question.is_input else None
            if value in (None, "", False):
                continue
            if question.kind in ("radio", "select"):
                item = {"attribute_node_id": value}
            elif question.kind == "number":
                item = {"attribute_node_id": question.node.pk, "numeric_value": value}
            elif question.kind == "checkbox":
                item = {"attribute_node_id": question.node.pk, "boolean_value": True}
            else:
                item = {"attribute_node_id": question.node.pk, "string_value": value}
            answers.append((question.field_name, item))
        return answers

    def field_of_node(self) -> dict[int, str]:
        """Which field answers for a selected node: an option answers for its question."""
        fields = {question.node.pk: question.field_name for question in self.questions}
        fields.update({option.pk: q.field_name for q in self.questions for option in q.options})
        return fields


def initial_answers(configuration) -> dict:
    """The form's initial values from a saved configuration's selections."""
    initial = {"name": configuration.name, "description": configuration.description}
    for selection in configuration.selections.select_related("attribute_node"):
        node = selection.attribute_node
        if node.node_type == NodeType.OPTION and node.parent_id:
            initial[f"node_{node.parent_id}"] = node.pk
        elif selection.numeric_value is not None:
            initial[f"node_{node.pk}"] = plain_number(selection.numeric_value)
        elif selection.boolean_value is not None:
            initial[f"node_{node.pk}"] = selection.boolean_value
        else:
            initial[f"node_{node.pk}"] = selection.string_value
    return initial


class QuoteAnswerForm(forms.Form):
    """The customer's answer to a sent quote."""

    status = forms.ChoiceField(choices=[(QuoteStatus.ACCEPTED, _("Accept")), (QuoteStatus.REJECTED, _("Reject"))])


class OrderForm(forms.Form):
    """Placing an order from an accepted quote."""

    required_date = forms.DateField(
        label=_("Required by"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    special_instructions = forms.CharField(
        label=_("Special instructions"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=TEXT_MAX_LENGTH,
    )
