from django.contrib import messages


def run_on_each(modeladmin, request, queryset, action, *, refusals, done, failed: str) -> int:
    """Call `action(row)` for every selected row in primary-key order, each on its own (one
    row's refusal does not undo the others). Each refusal (an exception of a type in
    `refusals`) is shown as "<failed>: <reason>"; then, when any row was done, the sentence
    `done(count)` returns. Returns that count."""
    count = 0
    for row in queryset.order_by("pk"):
        try:
            action(row)
        except refusals as refusal:
            reason = getattr(refusal, "detail", None) or str(refusal)
            modeladmin.message_user(request, f"{failed}: {reason}", messages.ERROR)
        else:
            count += 1
    if count:
        modeladmin.message_user(request, done(count), messages.SUCCESS)
    return count
