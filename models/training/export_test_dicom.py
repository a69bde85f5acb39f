"""The held-out test set as real DICOM files, for `reslens evaluate` (the model card's numbers).

Reads data/test/labels.csv (raw uint16 240 x 240 slices and uint8 masks as .npy, see README.md "Data") and writes

  <out>/labels.csv        file,label,mask,diameter_mm,contrast,slice_diameter_mm,kind,mr_contrast,atlas_z_mm,seed,
                          test_index (paths relative to the list)
  <out>/dicom/NNNNN.dcm   MR Image Storage, stored values = the raw slice (no rescale), 1 mm pixels
  <out>/masks/NNNNN.png   8-bit grayscale PNG, 255 = lesion (lesion slices only)

Every file is marked as synthetic: PatientName DEMO^EVALUATION, PatientID RESLENS-TEST-SET, Manufacturer and
ImageComments saying what it is. UIDs are derived from the test seed (2.25 UIDs from a hash), so a rerun writes the
same UIDs. One study; one series per imitated MR contrast (T1, T2, FLAIR, PD).

    /usr/bin/python3 models/training/export_test_dicom.py            # full set -> data/test-dicom (uncompressed)
    /usr/bin/python3 models/training/export_test_dicom.py --subset   # 32 slices -> src/test/resources/evaluation
                                                                     # (JPEG-LS lossless, for the Java tests)

The subset takes one lesion slice per size band x contrast band (the bands of evaluate.py; 16 lesions, the first
slice in file order that fits each cell) and the first four normal slices of each MR contrast (16 normals).
"""
from __future__ import annotations

import argparse
import csv
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
import pydicom
from PIL import Image
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from evaluate import CONTRAST_BANDS, SIZE_BANDS  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
MR_IMAGE_STORAGE = "1.2.840.10008.5.1.4.1.1.4"
SERIES = ["T1", "T2", "FLAIR", "PD"]
COLUMNS = ["file", "label", "mask", "diameter_mm", "contrast", "slice_diameter_mm", "kind", "mr_contrast",
           "atlas_z_mm", "seed", "test_index"]


def uid(*parts) -> str:
    # Deterministic: the same slice gets the same UIDs on every run (2.25 + a hash of the parts).
    return generate_uid(prefix=None, entropy_srcs=["reslens-evaluation-test-set", *map(str, parts)])


def slice_dataset(raw: np.ndarray, row: dict, index: int) -> Dataset:
    seed = int(row["seed"])
    contrast_name = row["mr_contrast"] or "T1"
    series_no = SERIES.index(contrast_name) + 1 if contrast_name in SERIES else len(SERIES) + 1
    meta = FileMetaDataset()
    meta.MediaStorageSOPClassUID = MR_IMAGE_STORAGE
    meta.MediaStorageSOPInstanceUID = uid("instance", seed)
    meta.TransferSyntaxUID = ExplicitVRLittleEndian
    meta.ImplementationClassUID = uid("implementation")
    meta.ImplementationVersionName = "RESLENS_EVAL"
    ds = Dataset()
    ds.file_meta = meta
    ds.is_little_endian = True
    ds.is_implicit_VR = False
    ds.SpecificCharacterSet = "ISO_IR 100"
    ds.ImageType = ["DERIVED", "SECONDARY", "AXIAL"]
    ds.SOPClassUID = MR_IMAGE_STORAGE
    ds.SOPInstanceUID = meta.MediaStorageSOPInstanceUID
    ds.StudyDate = ds.SeriesDate = ds.ContentDate = "20240601"
    ds.StudyTime = ds.SeriesTime = ds.ContentTime = "120000"
    ds.AccessionNumber = ""
    ds.Modality = "MR"
    ds.Manufacturer = "ResLens synthetic data (not a scanner)"
    ds.ReferringPhysicianName = ""
    ds.StudyDescription = "ResLens held-out synthetic test set (not a patient)"
    ds.SeriesDescription = f"Synthetic {contrast_name}-like slices, Colin27 template (not a patient)"
    ds.PatientName = "DEMO^EVALUATION"
    ds.PatientID = "RESLENS-TEST-SET"
    ds.PatientBirthDate = ""
    ds.PatientSex = "O"
    ds.PatientIdentityRemoved = "YES"
    ds.BodyPartExamined = "BRAIN"
    ds.ScanningSequence = "RM"  # research mode: nothing was acquired
    ds.SequenceVariant = "NONE"
    ds.ScanOptions = ""
    ds.MRAcquisitionType = "2D"
    ds.SliceThickness = "1"
    ds.EchoTime = ""
    ds.RepetitionTime = ""
    ds.EchoTrainLength = ""
    ds.StudyInstanceUID = uid("study")
    ds.SeriesInstanceUID = uid("series", contrast_name)
    ds.StudyID = "EVAL"
    ds.SeriesNumber = series_no
    ds.InstanceNumber = index + 1
    ds.ImagePositionPatient = ["-119.5", "-119.5", f"{float(row['atlas_z_mm']):.2f}"]
    ds.ImageOrientationPatient = ["1", "0", "0", "0", "1", "0"]
    ds.FrameOfReferenceUID = uid("frame-of-reference")
    ds.PositionReferenceIndicator = ""
    ds.ImageComments = (f"Synthetic slice (Colin27 template, test seed {seed}); "
                        + (f"simulated {row['kind']} lesion {float(row['diameter_mm']):.1f} mm, contrast "
                           f"{float(row['contrast']):.3f}" if row["label"] == "1" else "no lesion")
                        + "; not a patient, not for clinical use")
    ds.SamplesPerPixel = 1
    ds.PhotometricInterpretation = "MONOCHROME2"
    ds.Rows, ds.Columns = raw.shape
    ds.PixelSpacing = ["1", "1"]
    ds.BitsAllocated = 16
    ds.BitsStored = 16
    ds.HighBit = 15
    ds.PixelRepresentation = 0
    lo, hi = np.percentile(raw, [1, 99])
    ds.WindowCenter = f"{(lo + hi) / 2:.0f}"
    ds.WindowWidth = f"{max(hi - lo, 1):.0f}"
    ds.PixelData = np.ascontiguousarray(raw, dtype="<u2").tobytes()
    return ds


def pick_subset(rows):
    chosen = []
    for lo, hi in SIZE_BANDS:
        for clo, chi in CONTRAST_BANDS:
            for r in rows:
                if (r["label"] == "1" and lo <= float(r["diameter_mm"]) < hi
                        and clo <= float(r["contrast"]) < chi):
                    chosen.append(r)
                    break
    for name in SERIES:
        chosen += [r for r in rows if r["label"] == "0" and r["mr_contrast"] == name][:4]
    return sorted(chosen, key=lambda r: int(r["seed"]))


def export(test_dir, out, rows, jpeg_ls):
    os.makedirs(os.path.join(out, "dicom"), exist_ok=True)
    os.makedirs(os.path.join(out, "masks"), exist_ok=True)
    listed = []
    with tempfile.TemporaryDirectory() as tmp:
        for r in rows:
            index = int(r["seed"]) % 1000000
            name = f"{index:05d}"
            raw = np.load(os.path.join(test_dir, r["slice_file"]))
            if raw.dtype != np.uint16 or raw.ndim != 2:
                raise SystemExit(f"{r['slice_file']}: expected a 2-D uint16 slice, got {raw.dtype} {raw.shape}")
            ds = slice_dataset(raw, r, index)
            target = os.path.join(out, "dicom", name + ".dcm")
            if jpeg_ls:
                plain = os.path.join(tmp, name + ".dcm")
                ds.save_as(plain, write_like_original=False)
                subprocess.run(["dcmcjpls", "--encode-lossless", plain, target], check=True)
            else:
                ds.save_as(target, write_like_original=False)
            mask_rel = ""
            if r["label"] == "1":
                mask = np.load(os.path.join(test_dir, r["mask_file"]))
                mask_rel = f"masks/{name}.png"
                Image.fromarray(np.where(mask > 0, 255, 0).astype(np.uint8), mode="L").save(
                    os.path.join(out, mask_rel), optimize=True)
            listed.append({"file": f"dicom/{name}.dcm", "label": r["label"], "mask": mask_rel,
                           "diameter_mm": r["diameter_mm"], "contrast": r["contrast"],
                           "slice_diameter_mm": r["slice_diameter_mm"], "kind": r["kind"],
                           "mr_contrast": r["mr_contrast"], "atlas_z_mm": r["atlas_z_mm"], "seed": r["seed"],
                           "test_index": index})
    with open(os.path.join(out, "labels.csv"), "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS, lineterminator="\n")
        w.writeheader()
        w.writerows(listed)
    return listed


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", default=os.path.join(HERE, "data", "test"), help="the .npy test set")
    ap.add_argument("--out", help="output folder (default data/test-dicom, or the test resources with --subset)")
    ap.add_argument("--subset", action="store_true", help="the 32-slice subset committed for the Java tests")
    ap.add_argument("--jpeg-ls", action="store_true", help="JPEG-LS lossless pixel data (always on with --subset)")
    a = ap.parse_args(argv)
    rows = list(csv.DictReader(open(os.path.join(a.data, "labels.csv"))))
    if a.subset:
        rows = pick_subset(rows)
    out = a.out or (os.path.join(ROOT, "src", "test", "resources", "evaluation") if a.subset
                    else os.path.join(HERE, "data", "test-dicom"))
    for sub in ("dicom", "masks"):
        shutil.rmtree(os.path.join(out, sub), ignore_errors=True)
    listed = export(a.data, out, rows, a.jpeg_ls or a.subset)
    lesions = sum(1 for r in listed if r["label"] == "1")
    print(f"{len(listed)} slices ({lesions} with a lesion) -> {out}")


if __name__ == "__main__":
    main()
