"""One module per agency export (Dukcapil, DTKS, e-PPGBM, Dapodik, PBI-JK)."""
