from django.shortcuts import get_object_or_404, render

from .models import Negotiation


def negotiation_list(request):
    return render(request, "negotiations/negotiation_list.html", {"negotiations": Negotiation.objects.all()})


def negotiation_detail(request, slug):
    negotiation = get_object_or_404(Negotiation, slug=slug)
    return render(request, "negotiations/negotiation_detail.html", {"negotiation": negotiation})
