from django.urls import path

from . import views

app_name = 'orders'

urlpatterns = [
    path('<int:pk>/', views.order_detail, name='detail'),
    path('<int:pk>/pay/', views.mark_paid, name='pay'),
]
