"""Deterministic key material for the corpus: real RSA, EC and Ed25519 private keys.

`cryptography` generates keys from the operating system's random source, which would make
the corpus differ between runs. Here the secret numbers come from a seeded random.Random and
`cryptography` builds and serialises real keys from them (PKCS#1, SEC 1, PKCS#8 and OpenSSH
encodings), so a seed always gives the same PEM blocks.
"""

from __future__ import annotations

import base64
import random
import struct

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, ed25519, padding, rsa
from cryptography.x509.oid import NameOID

_SMALL_PRIMES = [p for p in range(3, 2000) if all(p % q for q in range(2, int(p ** 0.5) + 1))]


def _is_probable_prime(n: int, rng: random.Random, rounds: int = 24) -> bool:
    if n < 2:
        return False
    for p in _SMALL_PRIMES:
        if n % p == 0:
            return n == p
    d, s = n - 1, 0
    while d % 2 == 0:
        d //= 2
        s += 1
    for _ in range(rounds):
        a = rng.randrange(2, n - 2)
        x = pow(a, d, n)
        if x in (1, n - 1):
            continue
        for _ in range(s - 1):
            x = pow(x, 2, n)
            if x == n - 1:
                break
        else:
            return False
    return True


def _random_prime(bits: int, rng: random.Random, e: int = 65537) -> int:
    while True:
        n = rng.getrandbits(bits) | (1 << (bits - 1)) | (1 << (bits - 2)) | 1
        if (n - 1) % e != 0 and _is_probable_prime(n, rng):
            return n


def rsa_key(rng: random.Random, bits: int = 1024) -> rsa.RSAPrivateKey:
    e = 65537
    while True:
        p = _random_prime(bits // 2, rng)
        q = _random_prime(bits // 2, rng)
        if p != q and (p * q).bit_length() == bits:
            break
    if p < q:
        p, q = q, p
    phi = (p - 1) * (q - 1)
    d = pow(e, -1, phi)
    numbers = rsa.RSAPrivateNumbers(
        p=p, q=q, d=d, dmp1=d % (p - 1), dmq1=d % (q - 1), iqmp=pow(q, -1, p),
        public_numbers=rsa.RSAPublicNumbers(e=e, n=p * q))
    return numbers.private_key()


def ec_key(rng: random.Random) -> ec.EllipticCurvePrivateKey:
    curve = rng.choice([ec.SECP256R1(), ec.SECP384R1()])
    order_bits = curve.key_size
    value = rng.getrandbits(order_bits - 1) | 1
    return ec.derive_private_key(value, curve)


def ed25519_key(rng: random.Random) -> ed25519.Ed25519PrivateKey:
    return ed25519.Ed25519PrivateKey.from_private_bytes(rng.getrandbits(256).to_bytes(32, "big"))


def _fix_openssh_checkint(pem: bytes, rng: random.Random) -> bytes:
    """OpenSSH private keys carry a random 'checkint' (twice); make it deterministic."""
    lines = pem.decode().strip().splitlines()
    blob = bytearray(base64.b64decode("".join(lines[1:-1])))
    magic = b"openssh-key-v1\x00"
    assert blob.startswith(magic)
    pos = len(magic)

    def skip_string(p: int) -> int:
        (n,) = struct.unpack(">I", blob[p:p + 4])
        return p + 4 + n

    pos = skip_string(pos)  # cipher name
    pos = skip_string(pos)  # kdf name
    pos = skip_string(pos)  # kdf options
    pos += 4                # number of keys
    pos = skip_string(pos)  # public key
    pos += 4                # length of the private section
    check = rng.getrandbits(32).to_bytes(4, "big")
    blob[pos:pos + 4] = check
    blob[pos + 4:pos + 8] = check
    body = base64.b64encode(bytes(blob)).decode()
    wrapped = [body[i:i + 70] for i in range(0, len(body), 70)]
    return ("\n".join([lines[0], *wrapped, lines[-1]]) + "\n").encode()


def private_key_pem(rng: random.Random) -> tuple[str, str]:
    """A real private key in PEM. Returns (pem text without trailing newline, variant)."""
    kind = rng.choices(
        ["rsa_pkcs1", "rsa_pkcs8", "ec_sec1", "ec_pkcs8", "ed25519_openssh", "rsa_openssh"],
        weights=[3, 3, 2, 2, 2, 1])[0]
    if kind.startswith("rsa"):
        key = rsa_key(rng)
    elif kind.startswith("ec"):
        key = ec_key(rng)
    else:
        key = ed25519_key(rng)
    if kind.endswith("pkcs1") or kind.endswith("sec1"):
        fmt = serialization.PrivateFormat.TraditionalOpenSSL
    elif kind.endswith("pkcs8"):
        fmt = serialization.PrivateFormat.PKCS8
    else:
        fmt = serialization.PrivateFormat.OpenSSH
    pem = key.private_bytes(serialization.Encoding.PEM, fmt, serialization.NoEncryption())
    if fmt == serialization.PrivateFormat.OpenSSH:
        pem = _fix_openssh_checkint(pem, rng)
    return pem.decode().rstrip("\n"), kind


def public_key_pem(rng: random.Random) -> str:
    key = ec_key(rng) if rng.random() < 0.5 else ed25519_key(rng)
    pem = key.public_key().public_bytes(serialization.Encoding.PEM,
                                        serialization.PublicFormat.SubjectPublicKeyInfo)
    return pem.decode().rstrip("\n")


def certificate_pem(rng: random.Random, common_name: str) -> str:
    """A self-signed certificate (RSA/SHA-256 signatures are deterministic)."""
    import datetime

    key = rsa_key(rng)
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, common_name)])
    start = datetime.datetime(2024, 1, 1, tzinfo=datetime.timezone.utc) + datetime.timedelta(
        days=rng.randrange(0, 365))
    cert = (x509.CertificateBuilder()
            .subject_name(name).issuer_name(name).public_key(key.public_key())
            .serial_number(rng.getrandbits(63) | 1)
            .not_valid_before(start).not_valid_after(start + datetime.timedelta(days=365))
            .sign(key, hashes.SHA256()))
    return cert.public_bytes(serialization.Encoding.PEM).decode().rstrip("\n")


def rs256_sign(key: rsa.RSAPrivateKey, data: bytes) -> bytes:
    return key.sign(data, padding.PKCS1v15(), hashes.SHA256())
