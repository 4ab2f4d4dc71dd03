from django.utils.text import slugify


def unique_slug(model, text: str, *, max_length: int = 100, exclude_pk=None) -> str:
    """slugify(text), with -2, -3… appended when another row of `model` already has it."""
    base = slugify(text)[:max_length].strip("-") or "item"
    taken = model.objects.filter(slug__startswith=base)
    if exclude_pk is not None:
        taken = taken.exclude(pk=exclude_pk)
    existing = set(taken.values_list("slug", flat=True))
    if base not in existing:
        return base
    n = 2
    while True:
        suffix = f"-{n}"
        candidate = f"{base[: max_length - len(suffix)]}{suffix}"
        if candidate not in existing:
            return candidate
        n += 1
