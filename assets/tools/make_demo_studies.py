#!/usr/bin/python3
"""Writes the synthetic demonstration studies under assets/demo/ as real DICOM files, with dcmtk.

Nothing here comes from a patient. The MR series reuse the training recipe's anatomy and lesion model
(models/training/synth.py: the Colin27 template from Debian's mricron-data, augmented, with a synthetic 3-D
lesion), rendered exactly like the training slices (240 x 240, 1.0 mm, uint16). The CT phantom is built from the
same template's tissue classes in Hounsfield units; the radiograph is a projection of that phantom.

  assets/demo/SYNTHETIC_MR_LESION/  DEMO^LESION, DEMO-0001: axial MR brain, 48 slices, with a ring-enhancing lesion
                                    (JPEG Lossless SV1, 1.2.840.10008.1.2.4.70)
  assets/demo/SYNTHETIC_MR_NORMAL/  DEMO^NORMAL, DEMO-0002: the same protocol, no lesion (RLE Lossless)
  assets/demo/SYNTHETIC_CT_HEAD/    DEMO^CTHEAD, DEMO-0003: CT head phantom, 30 slices, signed 16-bit HU with a
                                    bleed-like hyperdense lesion (Explicit VR Little Endian; every 5th slice
                                    Implicit VR Little Endian)
  assets/demo/SYNTHETIC_DX_SKULL/   DEMO^DX, DEMO-0004: one projection radiograph, 1024 x 1024, 12-bit,
                                    MONOCHROME1 (JPEG Lossless, Process 14)
  assets/demo/manifest.json         what was written (files, UIDs, lesion geometry), for tests

    /usr/bin/python3 assets/tools/make_demo_studies.py [--out assets/demo]

Requires dcmtk (dump2dcm, dcmcjpeg, dcmcrle, dcmconv). UIDs are derived from fixed names (2.25.<hash>), so a rerun
writes identical files.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
from scipy import ndimage

ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "models", "training"))
import synth  # noqa: E402

MR_STORAGE = "1.2.840.10008.5.1.4.1.1.4"
CT_STORAGE = "1.2.840.10008.5.1.4.1.1.2"
DX_STORAGE = "1.2.840.10008.5.1.4.1.1.1.1"
TS = {"explicit": "1.2.840.10008.1.2.1", "implicit": "1.2.840.10008.1.2", "rle": "1.2.840.10008.1.2.5",
      "jpeg_sv1": "1.2.840.10008.1.2.4.70", "jpeg_p14": "1.2.840.10008.1.2.4.57"}
NOTICE = "SYNTHETIC IMAGE - NOT A PATIENT - made by assets/tools/make_demo_studies.py"


def uid(name: str) -> str:
    """2.25 UID (a UUID-sized integer) derived from a fixed name, so reruns are reproducible."""
    return "2.25." + str(int.from_bytes(hashlib.sha256(("reslens-demo/" + name).encode()).digest()[:16], "big"))


def ds(value) -> str:
    """Decimal String formatting (at most 16 characters)."""
    if isinstance(value, (list, tuple)):
        return "\\".join(ds(v) for v in value)
    s = f"{value:.6f}".rstrip("0").rstrip(".")
    return "0" if s in ("-0", "") else s


def write_dicom(path, elements, pixels: np.ndarray, syntax: str, tmp: str):
    """elements: list of (tag, VR, value). pixels: uint16 or int16 2-D array."""
    raw = os.path.join(tmp, "pixels.raw")
    pixels.astype(pixels.dtype.newbyteorder("<")).tofile(raw)
    dump = os.path.join(tmp, "in.dump")
    with open(dump, "w", encoding="ascii") as f:
        for tag, vr, value in sorted(elements):
            f.write(f"({tag[:4]},{tag[4:]}) {vr} [{value}]\n")
        f.write(f"(7fe0,0010) OW ={raw}\n")
    native = os.path.join(tmp, "native.dcm")
    subprocess.run(["dump2dcm", "-q", "+te", dump, native], check=True)
    if syntax == "explicit":
        shutil.copyfile(native, path)
    elif syntax == "implicit":
        subprocess.run(["dcmconv", "-q", "+ti", native, path], check=True)
    elif syntax == "rle":
        subprocess.run(["dcmcrle", "-q", native, path], check=True)
    elif syntax == "jpeg_sv1":
        subprocess.run(["dcmcjpeg", "-q", "+e1", native, path], check=True)
    elif syntax == "jpeg_p14":
        subprocess.run(["dcmcjpeg", "-q", "+el", native, path], check=True)
    else:
        raise ValueError(syntax)


def common(patient_name, patient_id, study_key, modality, sop_class, series_no, description, body_part):
    return [
        ("00080005", "CS", "ISO_IR 100"),
        ("00080008", "CS", "DERIVED\\SECONDARY" if modality != "DX" else "DERIVED\\PRIMARY"),
        ("00080016", "UI", sop_class),
        ("00080020", "DA", "20240102"), ("00080030", "TM", "101500"),
        ("00080021", "DA", "20240102"), ("00080031", "TM", "102000"),
        ("00080050", "SH", f"SYN{series_no:04d}"),
        ("00080060", "CS", modality),
        ("00080070", "LO", "ResLens synthetic phantom"),
        ("00080080", "LO", "ResLens demo (synthetic)"),
        ("00080090", "PN", ""),
        ("00081030", "LO", "SYNTHETIC DEMO - NOT A PATIENT"),
        ("0008103E", "LO", description),
        ("00081090", "LO", "make_demo_studies.py"),
        ("00100010", "PN", patient_name), ("00100020", "LO", patient_id),
        ("00100030", "DA", "19700101"), ("00100040", "CS", "O"),
        ("00104000", "LT", "Synthetic data for software demonstration; not a real person."),
        ("00180015", "CS", body_part),
        ("0020000D", "UI", uid(study_key + "/study")),
        ("00200010", "SH", f"DEMO{series_no}"),
        ("00200011", "IS", str(series_no)),
        ("00204000", "LT", NOTICE),
        ("00280301", "CS", "NO"),
    ]


def image_pixel(rows, cols, bits_stored, signed, photometric="MONOCHROME2"):
    return [("00280002", "US", "1"), ("00280004", "CS", photometric), ("00280010", "US", str(rows)),
            ("00280011", "US", str(cols)), ("00280100", "US", "16"), ("00280101", "US", str(bits_stored)),
            ("00280102", "US", str(bits_stored - 1)), ("00280103", "US", "1" if signed else "0")]


def plane_geometry(z_mm, size, pixel_mm, thickness, spacing, centre_xy=(0.0, -17.0)):
    """DICOM (LPS) position of the first pixel of synth.axial_plane(z_mm, size, pixel_mm)."""
    half = (size - 1) / 2.0 * pixel_mm
    x_ras = centre_xy[0] + half
    y_ras = centre_xy[1] + half
    return [("00200032", "DS", ds([-x_ras, -y_ras, z_mm])), ("00200037", "DS", "1\\0\\0\\0\\1\\0"),
            ("00280030", "DS", ds([pixel_mm, pixel_mm])), ("00180050", "DS", ds(thickness)),
            ("00180088", "DS", ds(spacing)), ("00201041", "DS", ds(z_mm))]


# ---------------------------------------------------------------------------------------------------- MR series
MR_SLICES = 48
MR_SPACING = 3.0
MR_Z0 = -60.0


def mr_series(atlas, out_dir, name, patient_id, with_lesion, syntax, series_no, tmp, seed):
    rng = np.random.default_rng(seed)
    aug = synth.random_augmentation(rng, strength=0.35, remap_name="T1")
    aug.noise_rel = 0.02
    aug.gain = 1600.0
    lesion = None
    lesion_info = None
    if with_lesion:
        z_lesion = 24.0
        plane = synth.axial_plane(z_lesion)
        centre = None
        for _ in range(50):
            centre = synth.pick_lesion_centre(atlas, rng, aug, plane, 24.0)
            if centre is not None and abs(centre[0]) > 20:  # off the midline, inside a hemisphere
                break
        lesion = synth.random_lesion(rng, centre, 24.0, 0.45, aug.scale, kind="ring")
        lesion.push = 0.5
        lesion.sign = 1.0
        probe = synth.render(atlas, aug, plane, lesion, np.random.default_rng(0))
        lesion.reference = probe.reference  # one surrounding-tissue level for the whole volume
        lesion_info = {"diameter_mm": 24.0, "contrast": 0.45, "kind": "ring", "centre_atlas_ras_mm":
                       [round(float(v), 2) for v in centre], "slice_z_mm": z_lesion}
    study_key = f"{patient_id}"
    series_uid = uid(study_key + "/series/1")
    frame_uid = uid(study_key + "/frame-of-reference")
    os.makedirs(out_dir, exist_ok=True)
    files = []
    lesion_slices = []
    for k in range(MR_SLICES):
        z = MR_Z0 + k * MR_SPACING
        # 3 mm slice profile: the mean of three 1 mm planes, rendered like the training slices
        acc = np.zeros((synth.GRID, synth.GRID))
        mask = np.zeros((synth.GRID, synth.GRID), bool)
        for dz in (-1.0, 0.0, 1.0):
            out = synth.render(atlas, aug, synth.axial_plane(z + dz), lesion, np.random.default_rng(seed * 1000 + k * 3 + int(dz) + 1))
            acc += out.pixels
            mask |= out.mask if dz == 0 else False
        pixels = np.clip(np.rint(acc / 3), 0, 65535).astype(np.uint16)
        if mask.any():
            lesion_slices.append(k + 1)
        elements = common(name, patient_id, study_key, "MR", MR_STORAGE, series_no,
                          "Axial T1 (synthetic)" + (" with lesion" if with_lesion else ""), "BRAIN")
        elements += image_pixel(synth.GRID, synth.GRID, 16, False)
        elements += plane_geometry(z, synth.GRID, 1.0, MR_SPACING, MR_SPACING)
        elements += [
            ("00080018", "UI", uid(f"{study_key}/series/1/instance/{k + 1}")),
            ("0020000E", "UI", series_uid), ("00200052", "UI", frame_uid),
            ("00200013", "IS", str(k + 1)), ("00201040", "LO", ""),
            ("00080008", "CS", "DERIVED\\SECONDARY\\AXIAL"),
            ("00180020", "CS", "SE"), ("00180021", "CS", "NONE"), ("00180022", "CS", ""),
            ("00180023", "CS", "2D"), ("00180080", "DS", "500"), ("00180081", "DS", "10"),
            ("00180087", "DS", "1.5"), ("00180091", "IS", "1"),
            ("00281050", "DS", "1500"), ("00281051", "DS", "3000"),
            ("00281052", "DS", "0"), ("00281053", "DS", "1"),
            ("00185100", "CS", "HFS"),
        ]
        elements = _dedupe(elements)
        path = os.path.join(out_dir, f"SYN_MR_{'LESION' if with_lesion else 'NORMAL'}_{k + 1:03d}.dcm")
        write_dicom(path, elements, pixels, syntax, tmp)
        files.append(os.path.relpath(path, ROOT))
    return {"patient": name, "patient_id": patient_id, "modality": "MR", "transfer_syntax": TS[syntax],
            "study_uid": uid(study_key + "/study"), "series_uid": series_uid, "frame_of_reference_uid": frame_uid,
            "slices": MR_SLICES, "rows": synth.GRID, "columns": synth.GRID, "pixel_spacing_mm": 1.0,
            "slice_spacing_mm": MR_SPACING, "first_slice_z_mm": MR_Z0, "files": files, "lesion": lesion_info,
            "slices_with_lesion": lesion_slices}


def _dedupe(elements):
    """Later entries win (lets a series override a common default such as ImageType)."""
    out = {}
    for tag, vr, value in elements:
        out[tag.upper()] = (tag.upper(), vr, value)
    return list(out.values())


# --------------------------------------------------------------------------------------------------- CT phantom
def ct_volume(atlas, rng):
    """HU volume on the atlas grid: air, scalp, skull (cortical + diploe), CSF, grey and white matter."""
    head = ndimage.gaussian_filter(atlas.head, 1.0)
    head_mask = ndimage.binary_fill_holes(ndimage.binary_closing(head > 12, iterations=3))
    brain = atlas.brain > 0.5
    inner = ndimage.binary_dilation(brain, iterations=2)
    scalp_inner = ndimage.binary_erosion(head_mask, iterations=5)
    skull = scalp_inner & ~inner
    diploe = skull & ndimage.binary_erosion(skull, iterations=2)
    hu = np.full(atlas.head.shape, -1000.0, np.float32)
    hu[head_mask] = 35.0
    hu[head_mask & (atlas.head > 170)] = -90.0  # scalp fat is bright on T1
    hu[skull] = 1100.0
    hu[diploe] = 450.0
    t1 = atlas.head
    hu[brain] = np.interp(t1[brain], [0, 45, 70, 95, 115, 255], [4, 8, 36, 38, 27, 27])
    return hu


def ct_series(atlas, out_dir, tmp):
    rng = np.random.default_rng(31)
    hu = ct_volume(atlas, rng)
    # a bleed: irregular hyperdense blob with a faint hypodense rim, in the right basal ganglia region
    centre = np.array([24.0, 2.0, 8.0])
    bleed = synth.random_lesion(rng, centre, 22.0, 0.5, 1.0, kind="solid")
    # evaluate the lesion only in a box around it (the whole grid would need gigabytes)
    lo = np.floor(centre + synth.ATLAS_ORIGIN - 25).astype(int)
    hi = lo + 51
    ii, jj, kk = np.meshgrid(*(np.arange(a, b) for a, b in zip(lo, hi)), indexing="ij")
    pts = np.stack([ii, jj, kk], -1).astype(float) - synth.ATLAS_ORIGIN
    s = bleed.signed_shape(pts)
    inside = 1 / (1 + np.exp(np.clip(s * 11 / 0.8, -50, 50)))
    box = tuple(slice(a, b) for a, b in zip(lo, hi))
    brain = atlas.brain[box] > 0.5
    rim = np.exp(-np.maximum(s, 0) / 0.35) * (1 - inside) * brain
    hu[box] = np.where(brain, hu[box] * (1 - inside) + 72.0 * inside - 10.0 * rim, hu[box]).astype(np.float32)
    study_key = "DEMO-0003"
    series_uid = uid(study_key + "/series/1")
    frame_uid = uid(study_key + "/frame-of-reference")
    size, pixel, thick, count, z0 = 256, 0.9, 5.0, 30, -62.5
    aug = synth.random_augmentation(np.random.default_rng(5), strength=0.0)
    os.makedirs(out_dir, exist_ok=True)
    files = []
    for k in range(count):
        z = z0 + k * thick
        acc = np.zeros((size, size))
        for dz in (-2.0, -1.0, 0.0, 1.0, 2.0):
            pts3 = aug.to_atlas(synth.axial_plane(z + dz, size, pixel))
            acc += ndimage.map_coordinates(hu, synth.Atlas.to_voxel(pts3), order=1, mode="constant",
                                           cval=-1000.0, prefilter=False).reshape(size, size)
        img = acc / 5 + np.random.default_rng(100 + k).normal(0, 4.0, (size, size))
        pixels = np.clip(np.rint(img), -1024, 3071).astype(np.int16)
        elements = common("DEMO^CTHEAD", study_key, study_key, "CT", CT_STORAGE, 3, "Head non-contrast (synthetic)",
                          "HEAD")
        elements += image_pixel(size, size, 16, True)
        elements += plane_geometry(z, size, pixel, thick, thick)
        elements += [
            ("00080018", "UI", uid(f"{study_key}/series/1/instance/{k + 1}")),
            ("0020000E", "UI", series_uid), ("00200052", "UI", frame_uid), ("00200013", "IS", str(k + 1)),
            ("00080008", "CS", "DERIVED\\SECONDARY\\AXIAL"), ("00180060", "DS", "120"),
            ("00181120", "DS", "0"), ("00185100", "CS", "HFS"),
            ("00281050", "DS", "40\\600"), ("00281051", "DS", "80\\2800"),
            ("00281055", "LO", "BRAIN\\BONE"),
            ("00281052", "DS", "0"), ("00281053", "DS", "1"), ("00281054", "LO", "HU"),
        ]
        path = os.path.join(out_dir, f"SYN_CT_HEAD_{k + 1:03d}.dcm")
        write_dicom(path, _dedupe(elements), pixels, "implicit" if k % 5 == 4 else "explicit", tmp)
        files.append(os.path.relpath(path, ROOT))
    return {"patient": "DEMO^CTHEAD", "patient_id": study_key, "modality": "CT",
            "transfer_syntax": {"default": TS["explicit"], "every_5th_slice": TS["implicit"]},
            "study_uid": uid(study_key + "/study"), "series_uid": series_uid, "frame_of_reference_uid": frame_uid,
            "slices": count, "rows": size, "columns": size, "pixel_spacing_mm": pixel, "slice_spacing_mm": thick,
            "pixel_representation": "signed int16, stored value = HU (RescaleIntercept 0, RescaleSlope 1)",
            "bleed": {"centre_ras_mm": centre.tolist(), "diameter_mm": 22.0, "hu": 72}, "files": files}, hu


# ---------------------------------------------------------------------------------------------------- DX image
def dx_image(hu, out_dir, tmp):
    """PA skull radiograph: line integrals of attenuation through the phantom, log-transformed, 12-bit,
    MONOCHROME1 (low values display white, so bone, which transmits least, is stored low)."""
    mu = np.maximum(hu + 1000.0, 0.0) / 1000.0 * 0.02  # per mm, water ~0.02
    path_integral = mu.sum(axis=1)  # along y (anterior-posterior): (x, z) on the atlas grid
    # rows: superior to inferior; columns: patient right to left (viewer faces the patient, PatientOrientation L\\F)
    proj = np.flipud(np.fliplr(path_integral.T))
    size = 1024
    zoom = size / max(proj.shape)
    proj = ndimage.zoom(proj, zoom, order=3)
    canvas = np.zeros((size, size))
    r0, c0 = (size - proj.shape[0]) // 2, (size - proj.shape[1]) // 2
    canvas[r0:r0 + proj.shape[0], c0:c0 + proj.shape[1]] = proj
    transmitted = np.exp(-canvas)
    rng = np.random.default_rng(77)
    transmitted = np.clip(transmitted + rng.normal(0, 0.004, transmitted.shape), 1e-4, 1)
    value = 4095 * (1 + np.log(transmitted) / 9.0)
    pixels = np.clip(np.rint(value), 0, 4095).astype(np.uint16)
    pixel_mm = 1.0 / zoom
    study_key = "DEMO-0004"
    elements = common("DEMO^DX", study_key, study_key, "DX", DX_STORAGE, 4, "Skull PA (synthetic)", "SKULL")
    elements += image_pixel(size, size, 12, False, "MONOCHROME1")
    elements += [
        ("00080018", "UI", uid(f"{study_key}/series/1/instance/1")),
        ("0020000E", "UI", uid(study_key + "/series/1")), ("00200013", "IS", "1"),
        ("00080068", "CS", "FOR PRESENTATION"),
        ("00185101", "CS", "PA"), ("00200020", "CS", "L\\F"), ("00200062", "CS", ""),
        ("00181164", "DS", ds([pixel_mm, pixel_mm])), ("00280030", "DS", ds([pixel_mm, pixel_mm])),
        ("00281040", "CS", "LOG"), ("00281041", "SS", "-1"),
        ("00281050", "DS", "2600"), ("00281051", "DS", "2800"),
        ("00281052", "DS", "0"), ("00281053", "DS", "1"), ("00281054", "LO", "US"),
        ("00082111", "ST", "Projection of the synthetic CT head phantom (DEMO^CTHEAD)"),
    ]
    os.makedirs(out_dir, exist_ok=True)
    path = os.path.join(out_dir, "SYN_DX_SKULL_PA.dcm")
    write_dicom(path, _dedupe(elements), pixels, "jpeg_p14", tmp)
    return {"patient": "DEMO^DX", "patient_id": study_key, "modality": "DX", "transfer_syntax": TS["jpeg_p14"],
            "rows": size, "columns": size, "bits_stored": 12, "photometric": "MONOCHROME1",
            "pixel_spacing_mm": round(pixel_mm, 4), "files": [os.path.relpath(path, ROOT)]}


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=os.path.join(ROOT, "assets", "demo"))
    a = ap.parse_args(argv)
    atlas = synth.Atlas()
    manifest = {"notice": NOTICE, "generator": "assets/tools/make_demo_studies.py", "studies": []}
    with tempfile.TemporaryDirectory() as tmp:
        for sub in ("SYNTHETIC_MR_LESION", "SYNTHETIC_MR_NORMAL", "SYNTHETIC_CT_HEAD", "SYNTHETIC_DX_SKULL"):
            shutil.rmtree(os.path.join(a.out, sub), ignore_errors=True)
        manifest["studies"].append(mr_series(atlas, os.path.join(a.out, "SYNTHETIC_MR_LESION"), "DEMO^LESION",
                                             "DEMO-0001", True, "jpeg_sv1", 1, tmp, seed=11))
        manifest["studies"].append(mr_series(atlas, os.path.join(a.out, "SYNTHETIC_MR_NORMAL"), "DEMO^NORMAL",
                                             "DEMO-0002", False, "rle", 2, tmp, seed=12))
        ct, hu = ct_series(atlas, os.path.join(a.out, "SYNTHETIC_CT_HEAD"), tmp)
        manifest["studies"].append(ct)
        manifest["studies"].append(dx_image(hu, os.path.join(a.out, "SYNTHETIC_DX_SKULL"), tmp))
    total = sum(os.path.getsize(os.path.join(ROOT, f)) for s in manifest["studies"] for f in s["files"])
    manifest["total_bytes"] = total
    with open(os.path.join(a.out, "manifest.json"), "w") as f:
        json.dump(manifest, f, indent=2)
        f.write("\n")
    print(json.dumps({s["patient"]: len(s["files"]) for s in manifest["studies"]}), f"{total / 1e6:.1f} MB")
    if total > 25e6:
        raise SystemExit("demo assets exceed 25 MB")


if __name__ == "__main__":
    main()
