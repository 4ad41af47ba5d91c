"""Risk score bands on the 5×5 matrix.

Organisations draw the band lines differently, so they are a setting (declared in
config/settings/base.py): `RISK_BANDS = [(4, "low"), (9, "medium"), (15, "high"),
(25, "very_high")]` lists each band's highest score, in increasing order.
"""

from dataclasses import dataclass

from django.conf import settings

LABELS = {"low": "Low", "medium": "Medium", "high": "High", "very_high": "Very high"}
# GOV.UK tag colours and heat-map fills, one per band. The fills darken with the band
# (relative luminance 0.78, 0.62, 0.33, 0.12), so the order survives greyscale print; INKS
# gives the count's colour on each, at least 6:1 contrast.
TAGS = {"low": "green", "medium": "yellow", "high": "orange", "very_high": "red"}
FILLS = {"low": "#d9ead3", "medium": "#f9c74f", "high": "#f47738", "very_high": "#b7281a"}
INKS = {"very_high": "#ffffff"}
SERIOUS = {"high", "very_high"}


@dataclass(frozen=True)
class Band:
    key: str
    low: int
    high: int

    @property
    def label(self) -> str:
        return LABELS.get(self.key, self.key.replace("_", " ").capitalize())

    @property
    def tag(self) -> str:
        return TAGS.get(self.key, "grey")

    @property
    def fill(self) -> str:
        return FILLS.get(self.key, "#f3f2f1")

    @property
    def ink(self) -> str:
        return INKS.get(self.key, "#0b0c0c")

    @property
    def is_serious(self) -> bool:
        return self.key in SERIOUS

    @property
    def is_very_high(self) -> bool:
        return self.key == "very_high"


def risk_bands() -> list[Band]:
    bands, low = [], 1
    for high, key in settings.RISK_BANDS:
        bands.append(Band(key, low, high))
        low = high + 1
    return bands


def band_for(score: int) -> Band:
    """The band a score falls in; scores above the last line fall in the last band."""
    bands = risk_bands()
    for band in bands:
        if score <= band.high:
            return band
    return bands[-1]
