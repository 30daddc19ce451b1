from django.views.generic import ListView

from programmes.models import Programme


class ProgrammeListView(ListView):
    queryset = Programme.objects.prefetch_related("aliases")
    template_name = "programmes/programme_list.html"
