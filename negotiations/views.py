from django.db.models import F
from django.shortcuts import get_object_or_404, render

from .models import Negotiation, Statement


def negotiation_list(request):
    return render(request, "negotiations/negotiation_list.html", {"negotiations": Negotiation.objects.all()})


def negotiation_detail(request, slug):
    negotiation = get_object_or_404(Negotiation, slug=slug)
    statements = (
        Statement.objects.filter(article__negotiation=negotiation)
        .visible()
        .for_display()
        .order_by(F("article__published").desc(nulls_last=True), "-article_id", "start", "id")
    )
    return render(
        request,
        "negotiations/negotiation_detail.html",
        {
            "negotiation": negotiation,
            "parties": negotiation.parties.all(),
            "issues": negotiation.issues.all(),
            "statements": statements,
        },
    )
