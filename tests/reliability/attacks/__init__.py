"""Attack modules, one per area; attack.py imports every module in this package."""
