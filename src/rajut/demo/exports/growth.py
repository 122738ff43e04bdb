"""Approximate WHO child-growth references (median and SD by age) and Permenkes 2/2020 labels."""

from __future__ import annotations

import numpy as np

AGE_M = np.array([0, 6, 12, 24, 36, 48, 60], dtype=float)
HEIGHT_MED = {
    False: [49.9, 67.6, 75.7, 87.1, 96.1, 103.3, 110.0],
    True: [49.1, 65.7, 74.0, 85.7, 95.1, 102.7, 109.4],
}
HEIGHT_SD = [1.9, 2.2, 2.5, 3.1, 3.7, 4.2, 4.7]
WEIGHT_MED = {
    False: [3.3, 7.9, 9.6, 12.2, 14.3, 16.3, 18.3],
    True: [3.2, 7.3, 8.9, 11.5, 13.9, 16.1, 18.2],
}


def height(age_m: np.ndarray, female: np.ndarray, z: np.ndarray) -> np.ndarray:
    med = np.where(
        female,
        np.interp(age_m, AGE_M, HEIGHT_MED[True]),
        np.interp(age_m, AGE_M, HEIGHT_MED[False]),
    )
    return np.asarray(med + z * np.interp(age_m, AGE_M, HEIGHT_SD))


def weight(age_m: np.ndarray, female: np.ndarray, z: np.ndarray) -> np.ndarray:
    med = np.where(
        female,
        np.interp(age_m, AGE_M, WEIGHT_MED[True]),
        np.interp(age_m, AGE_M, WEIGHT_MED[False]),
    )
    return np.asarray(med * (1 + 0.12 * z))


def label(z: np.ndarray, cuts: list[float], names: list[str]) -> np.ndarray:
    """``names[i]`` for ``cuts[i-1] <= z < cuts[i]`` (``len(names) == len(cuts) + 1``)."""
    return np.asarray(names, dtype=object)[np.searchsorted(np.asarray(cuts), z, side="right")]


def status_tbu(z: np.ndarray) -> np.ndarray:
    return label(z, [-3, -2, 3], ["Sangat Pendek", "Pendek", "Normal", "Tinggi"])


def status_bbu(z: np.ndarray) -> np.ndarray:
    return label(
        z,
        [-3, -2, 1],
        [
            "Berat Badan Sangat Kurang",
            "Berat Badan Kurang",
            "Berat Badan Normal",
            "Risiko Berat Badan Lebih",
        ],
    )


def status_bbtb(z: np.ndarray) -> np.ndarray:
    return label(
        z,
        [-3, -2, 1, 2, 3],
        ["Gizi Buruk", "Gizi Kurang", "Gizi Baik", "Berisiko Gizi Lebih", "Gizi Lebih", "Obesitas"],
    )
