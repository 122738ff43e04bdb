"""Name pools (Javanese/Muslim majority, some Chinese-Indonesian and Balinese) and variants.

Popularity follows a Zipf law so that many unrelated people share a full name.
"""

from __future__ import annotations

import numpy as np

MALE_FIRST = (
    "MUHAMMAD AHMAD AGUS BUDI EKO DWI ADI ARIF RIZKI ANDI HENDRA JOKO BAMBANG SRI YUDI "
    "FAJAR DANI RUDI TRI WAHYU ARIS DEDI HERU IMAM ABDUL NUR ILHAM RAHMAT TAUFIK BAYU "
    "DIMAS GILANG RANGGA YOGA ANGGA ARDI FERI HARI IWAN SLAMET"
).split()
MALE_SECOND = (
    "RIZKI SAPUTRA HIDAYAT SETIAWAN PRASETYO SANTOSO NUGROHO WIBOWO KURNIAWAN FAUZI "
    "SUSANTO PURNOMO RAHMAN HAKIM FIRMANSYAH RAMADHAN PRATAMA SAPUTRO WIJAYA SUGIARTO "
    "HARYANTO SETIADI MAULANA SYAHPUTRA ARIFIN HASAN HUSEN YUSUF ALI IRAWAN SUPRIYADI "
    "GUNAWAN HERMAWAN ARDIANSYAH FIRDAUS IKHSAN NURHADI WAHYUDI SUTRISNO"
).split()
FEMALE_FIRST = (
    "SITI SRI NUR DEWI ANI TRI DWI EKA PUTRI RINA LINA YULI INDAH WAHYU FITRI NINA "
    "ENDANG RATNA DIAN RETNO ANISA NOVI AYU LESTARI DIAH UMI ERNA SUSI WULAN NURUL"
).split()
FEMALE_SECOND = (
    "AMINAH RAHAYU LESTARI WAHYUNI HANDAYANI KURNIASIH FATIMAH MULYANI RAHMAWATI "
    "SETIAWATI PURWANTI SARI WULANDARI NURHAYATI SUSANTI YULIANTI PUSPITASARI ANGGRAENI "
    "KHOIRIYAH MARYAM ZAHRA AULIA RAMADHANI NURJANAH SUPRIYATI MARYANI HIDAYAH ASTUTI "
    "PRATIWI SUGIARTI WIDAYATI KHASANAH"
).split()
MALE_ELDER = (
    "SUTRISNO SUPARMAN SUKARDI PAIMIN SUMARNO SUGIMAN SUPARDI SUKIMAN SLAMET PARNO "
    "SOEKARDJO DJOKO KASIMAN MARDI TUKIMIN WAGIMAN SUROSO SUDARMO SUYATNO KARJO "
    "PAIJO SARDI SAKIMAN NGADIMAN TUGIMAN"
).split()
FEMALE_ELDER = (
    "SUMIYATI SUKINEM PAINEM SUPARMI TUKIYEM SAMINAH SUMARNI WAGINEM KASIYEM MARSINAH "
    "SUWARNI JUMINAH SAINEM PARTINAH SUGIYEM NGATINAH SUTINAH WARSINI KATIYEM SUKIYAH "
    "TJIPTO SOEMIJATI DJUMIRAH RUKIYAH SURATMI"
).split()
CHINESE_FIRST = "HENDRA LIMAN FELIX WILLIAM YOHANES LINDA SUSANTI MELANI JESSICA FERRY".split()
CHINESE_LAST = "WIJAYA GUNAWAN TANOTO SANTOSO HALIM SALIM KUSUMA TANJAYA LIMANTO".split()
BALI_ORDER_M = ("I WAYAN", "I MADE", "I NYOMAN", "I KETUT", "I PUTU", "I KADEK", "I GEDE")
BALI_ORDER_F = ("NI WAYAN", "NI MADE", "NI NYOMAN", "NI KETUT", "NI PUTU", "NI KADEK", "NI LUH")
BALI_NAME = "SUDARMA SUARTINI ARTAWAN WIDIASIH SUKADANA ASTITI MERTA KARIASA DARMAYASA".split()

ETH_JAVANESE, ETH_CHINESE, ETH_BALINESE, ETH_CHRISTIAN = 0, 1, 2, 3
CHRISTIAN_FIRST_M = "YOHANES PAULUS PETRUS STEFANUS ANTONIUS YOSEF".split()
CHRISTIAN_FIRST_F = "MARIA MARGARETHA THERESIA AGNES YOHANA ELISABETH".split()


def zipf_choice(rng: np.random.Generator, pool: list[str] | tuple[str, ...], n: int) -> np.ndarray:
    """``n`` names from ``pool`` with Zipf(0.9) popularity (first entries most common)."""
    ranks = np.arange(1, len(pool) + 1, dtype=float)
    weights = ranks**-0.9
    idx = rng.choice(len(pool), size=n, p=weights / weights.sum())
    return np.asarray(pool, dtype=object)[idx]


def _join(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    return np.array([f"{x} {y}" for x, y in zip(a, b, strict=True)], dtype=object)


def make_names(
    rng: np.random.Generator, female: np.ndarray, birth_year: np.ndarray, eth: np.ndarray
) -> np.ndarray:
    """Canonical full names (UPPER CASE) for persons with the given attributes."""
    n = len(female)
    male_two = _join(zipf_choice(rng, MALE_FIRST, n), zipf_choice(rng, MALE_SECOND, n))
    female_two = _join(zipf_choice(rng, FEMALE_FIRST, n), zipf_choice(rng, FEMALE_SECOND, n))
    names = np.where(female, female_two, male_two)
    elder_single = (birth_year < 1975) & (rng.random(n) < 0.6)
    elder = np.where(female, zipf_choice(rng, FEMALE_ELDER, n), zipf_choice(rng, MALE_ELDER, n))
    names = np.where(elder_single, elder, names)
    chinese = _join(zipf_choice(rng, CHINESE_FIRST, n), zipf_choice(rng, CHINESE_LAST, n))
    bali_m = _join(zipf_choice(rng, BALI_ORDER_M, n), zipf_choice(rng, BALI_NAME, n))
    bali_f = _join(zipf_choice(rng, BALI_ORDER_F, n), zipf_choice(rng, BALI_NAME, n))
    chr_first = np.where(
        female, zipf_choice(rng, CHRISTIAN_FIRST_F, n), zipf_choice(rng, CHRISTIAN_FIRST_M, n)
    )
    christian = _join(
        chr_first,
        np.where(female, zipf_choice(rng, FEMALE_SECOND, n), zipf_choice(rng, MALE_SECOND, n)),
    )
    names = np.where(eth == ETH_CHINESE, chinese, names)
    names = np.where(eth == ETH_BALINESE, np.where(female, bali_f, bali_m), names)
    return np.where(eth == ETH_CHRISTIAN, christian, names)


def twin_name(rng: np.random.Generator, sibling: str, female: bool) -> str:
    """A name similar to a twin's: same first word, different last word."""
    words = sibling.split()
    pool = FEMALE_SECOND if female else MALE_SECOND
    for _ in range(10):
        other = pool[int(rng.integers(len(pool)))]
        if other != words[-1]:
            break
    return " ".join([*words[:-1], other]) if len(words) > 1 else f"{sibling} {other}"
