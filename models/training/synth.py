"""Synthetic MR brain slices with implanted 3-D lesions, drawn from the Colin27 template.

Everything is a function of 3-D patient coordinates, so a series of parallel slices rendered with one Augmentation
and one Lesion is a consistent volume (used by assets/tools/make_demo_studies.py), while training draws a fresh
augmentation per slice.

Coordinate conventions
- Atlas space: RAS millimetres of the Colin27 1 mm grid (voxel index = world + (90, 125, 71)).
- Patient space: RAS millimetres of the augmented "patient". A slice is a plane in patient space; pixel (r, c) of an
  axial 240 x 240, 1 mm slice lies at centre + (c - 119.5) * (-1, 0, 0) + (r - 119.5) * (0, -1, 0), i.e. DICOM's
  ImageOrientationPatient 1\\0\\0\\0\\1\\0 (rows run to the patient's left, columns to posterior).
- The augmentation maps patient points to atlas points (rotation about the head centre, scaling, translation,
  smooth elastic displacement, optional left-right mirror). A lesion lives in atlas space; its mass effect pushes
  the anatomy sampled around it outwards.

Intensity chain per pixel: atlas T1 value -> contrast remap (T1/T2/FLAIR/PD-like, white matter = 1) -> lesion and
oedema (relative to the surrounding tissue) -> gamma -> bias field -> global scale (white matter ~1000-2000) ->
Rician noise -> uint16.
"""
from __future__ import annotations

import dataclasses
import math

import numpy as np
from scipy import ndimage

TEMPLATES = "/usr/share/mricron/templates"
ATLAS_ORIGIN = np.array([90.0, 125.0, 71.0])  # voxel index of world (0, 0, 0) in ch2.nii.gz
HEAD_CENTRE = np.array([0.0, -17.0, 10.0])     # rough centre of the brain, RAS mm; rotations pivot here
GRID = 240                                     # demo and training slices: 240 x 240 at 1.0 mm
PIXEL_MM = 1.0

# Slice-position bands (atlas z of the slice centre, mm) reserved for the held-out test set. Training slices keep
# GUARD_MM away from them. Bands are spread over the brain so that the test set sees every level type.
TEST_BANDS = ((-27.0, -21.0), (3.0, 9.0), (33.0, 39.0), (58.0, 64.0))
GUARD_MM = 2.0
Z_RANGE = (-40.0, 70.0)  # atlas z of slice centres used at all (levels with enough parenchyma for lesions)

# Control points of the contrast remaps on the atlas's 0-255 T1 scale: background, skull, CSF, grey matter, white
# matter, fat/scalp, maximum. Values are relative to white matter.
REMAP_X = np.array([0.0, 15.0, 40.0, 88.0, 112.0, 200.0, 255.0])
REMAPS = {
    "T1": np.array([0.0, 15 / 112, 40 / 112, 88 / 112, 1.0, 200 / 112, 255 / 112]),
    "T2": np.array([0.0, 0.08, 1.70, 1.05, 0.72, 0.95, 1.05]),
    "FLAIR": np.array([0.0, 0.06, 0.18, 1.12, 0.85, 0.80, 0.90]),
    "PD": np.array([0.0, 0.10, 1.05, 1.08, 0.86, 1.00, 1.05]),
}
REMAP_PROBS = {"T1": 0.4, "T2": 0.2, "FLAIR": 0.2, "PD": 0.2}


def in_test_band(z: float, guard: float = 0.0) -> bool:
    return any(lo - guard <= z <= hi + guard for lo, hi in TEST_BANDS)


class Atlas:
    """Colin27 head (ch2.nii.gz), its brain mask (ch2bet.nii.gz > 0) and where lesion centres may go."""

    def __init__(self, templates: str = TEMPLATES):
        import nibabel as nib
        head = nib.load(f"{templates}/ch2.nii.gz")
        bet = nib.load(f"{templates}/ch2bet.nii.gz")
        if not np.allclose(head.affine, bet.affine) or not np.allclose(head.affine[:3, :3], np.eye(3)):
            raise ValueError("unexpected Colin27 geometry")
        self.head = np.asanyarray(head.dataobj).astype(np.float32)
        brain = np.asanyarray(bet.dataobj) > 0
        brain = ndimage.binary_fill_holes(brain)
        self.brain = brain.astype(np.float32)
        # Parenchyma: brain tissue brighter than CSF on T1; lesion centres need some depth inside the brain.
        self.brain_depth = ndimage.distance_transform_edt(brain).astype(np.float32)
        self.parenchyma = (brain & (self.head > 60)).astype(np.float32)

    @staticmethod
    def to_voxel(points: np.ndarray) -> np.ndarray:
        """points (..., 3) RAS mm -> coordinate array (3, N) for map_coordinates."""
        return (points.reshape(-1, 3) + ATLAS_ORIGIN).T

    def sample(self, volume: np.ndarray, points: np.ndarray, order: int = 1) -> np.ndarray:
        out = ndimage.map_coordinates(volume, self.to_voxel(points), order=order, mode="constant", cval=0.0,
                                      prefilter=False)
        return out.reshape(points.shape[:-1])


def _fourier_field(rng, n_terms, wavelength_range, amplitude, dims=3):
    """Smooth random field as a sum of plane waves: returns (omegas, phases, amps) for dims outputs."""
    omegas = rng.normal(size=(n_terms, 3))
    omegas /= np.linalg.norm(omegas, axis=1, keepdims=True)
    omegas *= (2 * np.pi / rng.uniform(*wavelength_range, size=(n_terms, 1)))
    phases = rng.uniform(0, 2 * np.pi, size=n_terms)
    amps = rng.normal(size=(n_terms, dims)) * amplitude / math.sqrt(n_terms)
    return omegas, phases, amps


def _eval_field(field, points):
    omegas, phases, amps = field
    waves = np.sin(points.reshape(-1, 3) @ omegas.T + phases)  # (N, terms)
    return (waves @ amps).reshape(points.shape[:-1] + (amps.shape[1],))


def _rotation(yaw, pitch, roll):
    cz, sz = math.cos(yaw), math.sin(yaw)
    cx, sx = math.cos(pitch), math.sin(pitch)
    cy, sy = math.cos(roll), math.sin(roll)
    rz = np.array([[cz, -sz, 0], [sz, cz, 0], [0, 0, 1]])
    rx = np.array([[1, 0, 0], [0, cx, -sx], [0, sx, cx]])
    ry = np.array([[cy, 0, sy], [0, 1, 0], [-sy, 0, cy]])
    return rz @ rx @ ry


@dataclasses.dataclass
class Augmentation:
    matrix: np.ndarray          # patient -> atlas linear part (rotation / scale)
    translation: np.ndarray     # mm, added in atlas space
    elastic: tuple              # Fourier field, 3 outputs (mm)
    flip: bool                  # mirror left-right in atlas space
    remap: np.ndarray           # contrast remap values at REMAP_X
    remap_name: str
    gamma: float
    bias: tuple                 # Fourier field, 1 output (log gain)
    gain: float                 # white matter level in stored units
    noise_rel: float            # noise sigma relative to the white matter level
    scale: float                # mean patient/atlas scale (patient mm per atlas mm)

    def to_atlas(self, patient_points: np.ndarray) -> np.ndarray:
        p = (patient_points - HEAD_CENTRE) @ self.matrix.T + HEAD_CENTRE + self.translation
        p = p + _eval_field(self.elastic, patient_points)
        if self.flip:
            p = p * np.array([-1.0, 1.0, 1.0])
        return p

    def remap_values(self, atlas_values: np.ndarray) -> np.ndarray:
        return np.interp(atlas_values, REMAP_X, self.remap)


def random_augmentation(rng: np.random.Generator, strength: float = 1.0, remap_name: str | None = None
                        ) -> Augmentation:
    """strength 1: training augmentation; 0: the template as it is (still with a tiny noise floor)."""
    deg = math.pi / 180
    rot = _rotation(rng.uniform(-15, 15) * deg * strength, rng.uniform(-8, 8) * deg * strength,
                    rng.uniform(-6, 6) * deg * strength)
    scales = np.exp(rng.normal(0, 0.05, size=3) * strength) * math.exp(rng.uniform(-0.08, 0.08) * strength)
    matrix = rot @ np.diag(1.0 / scales)
    translation = rng.uniform(-8, 8, size=3) * strength * np.array([1, 1, 0.3])
    elastic = _fourier_field(rng, 8, (35, 90), 2.0 * strength)
    if remap_name is None:
        names = list(REMAP_PROBS)
        remap_name = names[rng.choice(len(names), p=[REMAP_PROBS[n] for n in names])] if strength > 0 else "T1"
    remap = REMAPS[remap_name] * np.concatenate([[1.0], np.exp(rng.normal(0, 0.07 * strength, size=6))])
    gamma = math.exp(rng.uniform(-0.3, 0.3) * strength)
    bias = _fourier_field(rng, 4, (150, 400), 0.35 * strength, dims=1)
    gain = math.exp(rng.uniform(math.log(1000), math.log(2000))) if strength > 0 else 1500.0
    noise_rel = math.exp(rng.uniform(math.log(0.01), math.log(0.05))) if strength > 0 else 0.015
    return Augmentation(matrix, translation, elastic, bool(rng.random() < 0.5 * strength), remap, remap_name,
                        gamma, bias, gain, noise_rel, float(np.prod(scales) ** (1 / 3)))


@dataclasses.dataclass
class Lesion:
    centre: np.ndarray          # atlas mm
    diameter_mm: float          # nominal, patient mm
    radius_atlas: float
    contrast: float             # relative to the surrounding tissue
    kind: str                   # "solid" or "ring"
    sign: float                 # +1 brighter than tissue, -1 darker (solid); ring rims are bright
    shape_dirs: np.ndarray      # irregular outline: directions, frequencies, phases, weights
    shape_freq: np.ndarray
    shape_phase: np.ndarray
    shape_weight: np.ndarray
    irregularity: float
    bumps: tuple                # Fourier field for fine border roughness
    edge_mm: float
    rim_fraction: float
    core_darkness: float
    texture: tuple
    texture_amp: float
    oedema_extent: float        # relative to radius
    oedema_strength: float      # relative to contrast
    push: float                 # mass-effect radius relative to radius
    reference: float | None = None  # surrounding tissue level (remapped units); None: measure per slice

    def signed_shape(self, atlas_points: np.ndarray) -> np.ndarray:
        """< 0 inside, 0 on the border; roughly (distance / local radius) - 1."""
        d = atlas_points - self.centre
        dist = np.linalg.norm(d, axis=-1)
        u = d / np.maximum(dist, 1e-6)[..., None]
        g = np.cos(np.pi * self.shape_freq * (u @ self.shape_dirs.T) + self.shape_phase) @ self.shape_weight
        radius = self.radius_atlas * (1.0 + self.irregularity * g)
        rough = _eval_field(self.bumps, d)[..., 0]
        return dist / radius - 1.0 + rough

    def mass_effect(self, atlas_points: np.ndarray) -> np.ndarray:
        """Where the anatomy shown at atlas_points came from: tissue is pushed radially out of a sphere."""
        rm = self.push * self.radius_atlas
        if rm <= 0:
            return atlas_points
        d = atlas_points - self.centre
        dist = np.maximum(np.linalg.norm(d, axis=-1), 1e-6)
        src = np.cbrt(np.maximum(dist ** 3 - rm ** 3, 0.0))
        return self.centre + d * (src / dist)[..., None]


def random_lesion(rng: np.random.Generator, centre: np.ndarray, diameter_mm: float, contrast: float,
                  scale: float = 1.0, kind: str | None = None) -> Lesion:
    if kind is None:
        kind = "ring" if (diameter_mm >= 8 and rng.random() < 0.45) else "solid"
    k = 5
    dirs = rng.normal(size=(k, 3))
    dirs /= np.linalg.norm(dirs, axis=1, keepdims=True)
    weight = rng.uniform(0.3, 1.0, size=k)
    weight /= weight.sum()
    radius_atlas = diameter_mm / 2 / scale
    bumps = _fourier_field(rng, 6, (max(2.0, 0.5 * radius_atlas), max(3.0, 1.2 * radius_atlas)),
                           rng.uniform(0.02, 0.10), dims=1)
    return Lesion(centre=np.asarray(centre, float), diameter_mm=float(diameter_mm), radius_atlas=radius_atlas,
                  contrast=float(contrast), kind=kind, sign=float(rng.choice([-1.0, 1.0])),
                  shape_dirs=dirs, shape_freq=rng.integers(1, 4, size=k).astype(float),
                  shape_phase=rng.uniform(0, 2 * np.pi, size=k), shape_weight=weight,
                  irregularity=float(rng.uniform(0.05, 0.3)), bumps=bumps,
                  edge_mm=float(rng.uniform(0.4, 1.2)), rim_fraction=float(rng.uniform(0.18, 0.4)),
                  core_darkness=float(rng.uniform(0.5, 1.2)),
                  texture=_fourier_field(rng, 6, (2.0, 8.0), 1.0, dims=1), texture_amp=float(rng.uniform(0.0, 0.12)),
                  oedema_extent=float(rng.uniform(0.2, 1.0)), oedema_strength=float(rng.uniform(0.2, 0.7)),
                  push=float(rng.uniform(0.0, 0.7)))


def axial_plane(z_mm: float, size: int = GRID, pixel_mm: float = PIXEL_MM, centre_xy=(0.0, -17.0)) -> np.ndarray:
    """Patient-space RAS points (size, size, 3) of an axial slice in DICOM row/column order."""
    offs = (np.arange(size) - (size - 1) / 2.0) * pixel_mm
    pts = np.empty((size, size, 3))
    pts[..., 0] = centre_xy[0] - offs[None, :]   # columns run to the patient's left (-x in RAS)
    pts[..., 1] = centre_xy[1] - offs[:, None]   # rows run to posterior (-y in RAS)
    pts[..., 2] = z_mm
    return pts


@dataclasses.dataclass
class RenderedSlice:
    pixels: np.ndarray     # uint16 (rows, cols)
    mask: np.ndarray       # bool, lesion (core and rim, not oedema) inside the brain
    brain: np.ndarray      # bool, brain mask
    atlas_z_centre: float  # atlas z at the slice centre (for the band split)
    reference: float       # surrounding tissue level used for the lesion, remapped units


def render(atlas: Atlas, aug: Augmentation, patient_points: np.ndarray, lesion: Lesion | None,
           noise_rng: np.random.Generator) -> RenderedSlice:
    p = aug.to_atlas(patient_points)
    q = lesion.mass_effect(p) if lesion is not None else p
    head = atlas.sample(atlas.head, q)
    brain = atlas.sample(atlas.brain, q)
    tissue = aug.remap_values(head)
    image = tissue
    mask = np.zeros(tissue.shape, bool)
    reference = float("nan")
    if lesion is not None:
        s = lesion.signed_shape(p)
        r = lesion.radius_atlas
        inside = 1.0 / (1.0 + np.exp(np.clip(s * r / lesion.edge_mm, -50, 50)))
        brain_soft = np.clip(brain * 1.5 - 0.25, 0.0, 1.0)
        member = inside * brain_soft
        mask = (s < 0) & (brain > 0.5)
        if lesion.reference is not None:
            reference = lesion.reference
        else:
            dist = np.linalg.norm(p - lesion.centre, axis=-1)
            outer = r * (1 + lesion.oedema_extent)
            ring = (dist > outer + 1) & (dist < outer + 9) & (brain > 0.5)
            reference = float(np.median(tissue[ring])) if ring.sum() >= 20 else float(np.median(tissue[brain > 0.5]))
        c = lesion.contrast
        texture = 1.0 + lesion.texture_amp * np.tanh(_eval_field(lesion.texture, p - lesion.centre)[..., 0])
        if lesion.kind == "ring":
            rim = 1.0 / (1.0 + np.exp(np.clip(-(s + lesion.rim_fraction) * r / lesion.edge_mm, -50, 50)))
            level = reference * ((1 + c) * rim + (1 - c * lesion.core_darkness) * (1 - rim))
        else:
            level = reference * (1 + lesion.sign * c)
        oedema_sign = -1.0 if aug.remap_name == "T1" else 1.0
        halo = np.exp(-np.maximum(s, 0.0) / lesion.oedema_extent) * (1 - inside) * brain_soft
        image = tissue * (1 - member) + level * texture * member
        image = image * (1 + oedema_sign * lesion.oedema_strength * c * halo)
    image = np.maximum(image, 0.0) ** aug.gamma
    image = image * np.exp(_eval_field(aug.bias, patient_points)[..., 0])
    sigma = aug.noise_rel * aug.gain
    signal = image * aug.gain
    noisy = np.sqrt((signal + noise_rng.normal(0, sigma, signal.shape)) ** 2 + noise_rng.normal(0, sigma, signal.shape) ** 2)
    pixels = np.clip(np.rint(noisy), 0, 65535).astype(np.uint16)
    centre = patient_points[patient_points.shape[0] // 2, patient_points.shape[1] // 2]
    z_centre = float(aug.to_atlas(centre[None])[0, 2])
    return RenderedSlice(pixels, mask, brain > 0.5, z_centre, reference)


def log_uniform(rng, lo, hi):
    return float(math.exp(rng.uniform(math.log(lo), math.log(hi))))


def pick_lesion_centre(atlas: Atlas, rng: np.random.Generator, aug: Augmentation, patient_points: np.ndarray,
                       diameter_mm: float) -> np.ndarray | None:
    """A parenchyma point near the slice plane, deep enough for the lesion to sit mostly inside the brain."""
    p = aug.to_atlas(patient_points[::2, ::2])
    paren = atlas.sample(atlas.parenchyma, p, order=0)
    depth = atlas.sample(atlas.brain_depth, p, order=0)
    need = min(0.5 * diameter_mm / aug.scale, 18.0) + 1.0
    candidates = np.argwhere((paren > 0.5) & (depth >= need))
    if len(candidates) == 0:
        return None
    i, j = candidates[rng.integers(len(candidates))]
    normal = aug.matrix @ np.array([0.0, 0.0, 1.0])
    normal /= np.linalg.norm(normal)
    offset = rng.uniform(-0.3, 0.3) * diameter_mm / 2 / aug.scale
    return p[i, j] + normal * offset


def make_training_slice(atlas: Atlas, seed: int, split: str, positive: bool, max_tries: int = 30):
    """One augmented slice of the given split ("train", "val" or "test") with or without a lesion.

    Returns (RenderedSlice, info dict). The split decides the slice level (test bands vs. the rest); seeds of the
    splits come from disjoint ranges chosen by the caller.
    """
    rng = np.random.default_rng(seed)
    for _ in range(max_tries):
        aug = random_augmentation(rng)
        z = rng.uniform(*Z_RANGE)
        # the atlas level depends on the rotation and translation: check it, not z
        centre = aug.to_atlas(np.array([[0.0, -17.0, z]]))[0, 2]
        if split == "test":
            if not in_test_band(centre):
                lo, hi = TEST_BANDS[rng.integers(len(TEST_BANDS))]
                z += rng.uniform(lo, hi) - centre
        elif in_test_band(centre, GUARD_MM):
            continue
        plane = axial_plane(z)
        lesion = None
        diameter = contrast = 0.0
        if positive:
            diameter = log_uniform(rng, 3.0, 40.0)
            contrast = log_uniform(rng, 0.05, 0.6)
            c = pick_lesion_centre(atlas, rng, aug, plane, diameter)
            if c is None:
                continue
            lesion = random_lesion(rng, c, diameter, contrast, aug.scale)
        out = render(atlas, aug, plane, lesion, rng)
        band_ok = in_test_band(out.atlas_z_centre) if split == "test" else not in_test_band(out.atlas_z_centre, GUARD_MM)
        if not band_ok or out.brain.mean() < 0.08:
            continue
        area = int(out.mask.sum())
        if positive and area < max(4, 0.4 * math.pi * (diameter / 2) ** 2):
            continue
        info = {"seed": seed, "split": split, "label": int(positive), "diameter_mm": round(diameter, 3),
                "slice_diameter_mm": round(2 * math.sqrt(area / math.pi), 3) if positive else 0.0,
                "contrast": round(contrast, 4), "kind": lesion.kind if lesion else "",
                "sign": int(lesion.sign) if lesion else 0, "mr_contrast": aug.remap_name,
                "atlas_z": round(out.atlas_z_centre, 2), "mask_area_px": area}
        return out, info
    raise RuntimeError(f"no valid slice for seed {seed}")
