from django.contrib import admin

from wijkkompas.models import Node, Phase, Track

admin.site.register([Track, Phase, Node])
