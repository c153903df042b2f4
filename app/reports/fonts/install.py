"""Fetch the report fonts (Noto Sans, SIL OFL) from pinned npm packages and check them.

Run by ``make run`` / ``make test`` (``python -m app.reports.fonts.install``). Each package is
fetched with ``npm pack`` at a pinned version, its tarball checked against a SHA-256, and the
TrueType files copied here; nothing comes from the operating system. Idempotent: present and
correct files are left alone.
"""

import hashlib
import shutil
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

HERE = Path(__file__).parent

# npm package@version, SHA-256 of its tarball, {file inside the package: file name here}.
PACKAGES = [
    ("@expo-google-fonts/noto-sans@0.4.2",
     "98cf14a19b8e67a0e76bfd4d5df98937b9734e6dde570bd750f2259042042548", "NotoSans"),
    ("@expo-google-fonts/noto-sans-sc@0.4.3",
     "0d69d0f4971d2ff574e3d93cbc218dc950bf3f3f8f8e2c008d97687ed53aee59", "NotoSansSC"),
    ("@expo-google-fonts/noto-sans-arabic@0.4.3",
     "29e966f9d48a4ce7dd3c2c4c016f29cd888089538217303fb2c87de9e7f048ed", "NotoSansArabic"),
    ("@expo-google-fonts/noto-sans-bengali@0.4.4",
     "aea68a0e86d50c55739f11b3efebf859cbc63219ad1dfbf83dc7e6cfd84a4243", "NotoSansBengali"),
    ("@expo-google-fonts/noto-sans-devanagari@0.4.1",
     "fb9a4c288af3829f383d945fcec350c8cdf99abf18ffe55c987c495bca42e80e", "NotoSansDevanagari"),
    ("@expo-google-fonts/noto-sans-khmer@0.4.3",
     "cb4f3e93186d59c60d21b386fde7de3d554617a6c857f148c777a64fba608793", "NotoSansKhmer"),
    ("@expo-google-fonts/noto-sans-lao@0.4.2",
     "3345f1310e88b0296fb055a2d0fbd628a61d0528a8ec06b3ef75b1a8ef204d29", "NotoSansLao"),
    ("@expo-google-fonts/noto-sans-sinhala@0.4.2",
     "3c73b2be95baaae05b3cddde8a7a59b82f290776bda38b14fa67db6a9c845bce", "NotoSansSinhala"),
    ("@expo-google-fonts/noto-sans-thai@0.4.2",
     "44282ae7c24587e7e50f083e5db3aafa8011ac2eac1159ef62be4fc516a66165", "NotoSansThai"),
]
WEIGHTS = {"400Regular": "Regular", "700Bold": "Bold"}


def targets(family: str) -> dict[str, Path]:
    """{member inside the npm tarball: where it goes here} for one family."""
    return {f"package/{folder}/{family}_{folder}.ttf": HERE / f"{family}-{weight}.ttf"
            for folder, weight in WEIGHTS.items()}


def missing() -> list[str]:
    return [spec for spec, _sha, family in PACKAGES if not all(p.exists() for p in targets(family).values())]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def fetch(spec: str, sha256: str, family: str, workdir: Path) -> None:
    """npm pack one package, check its tarball, extract its regular and bold TTF here."""
    npm = shutil.which("npm")
    if npm is None:
        raise SystemExit("fonts: npm is needed to fetch the report fonts (apt-get install npm)")
    # The arguments are this module's pinned package names, never outside input.
    name = subprocess.run([npm, "pack", spec, "--silent", "--pack-destination", str(workdir)],  # noqa: S603
                          check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    tarball = workdir / name
    actual = _sha256(tarball)
    if actual != sha256:
        raise SystemExit(f"{spec}: tarball SHA-256 {actual} is not the pinned {sha256}")
    with tarfile.open(tarball) as archive:
        for member, target in targets(family).items():
            source = archive.extractfile(member)
            if source is None:
                raise SystemExit(f"{spec}: {member} missing from the package")
            partial = target.with_suffix(".part")
            with partial.open("wb") as out:
                shutil.copyfileobj(source, out)
            partial.replace(target)


def main() -> int:
    todo = [(spec, sha, family) for spec, sha, family in PACKAGES if spec in missing()]
    if not todo:
        return 0
    with tempfile.TemporaryDirectory() as workdir:
        for spec, sha, family in todo:
            print(f"fonts: fetching {spec}", file=sys.stderr)
            fetch(spec, sha, family, Path(workdir))
    return 0


if __name__ == "__main__":
    sys.exit(main())
