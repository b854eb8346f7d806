from . import integrity_demo_year
