from django.shortcuts import get_object_or_404, render

from licensing.models import License


def verify(request, code):
    """Public: anyone holding a certificate can check that the licence is real and in force."""
    license = get_object_or_404(
        License.objects.select_related("buyer", "line__order"), verification_code=code.upper()
    )
    return render(request, "licensing/verify.html", {"license": license, "line": license.line})
