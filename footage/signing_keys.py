"""A development certificate pair for signing Content Credentials (docs/verification.md).

C2PA accepts a signing certificate only when it is an end-entity certificate (not a CA) issued
by a CA, with key usage digitalSignature and an extended key usage C2PA lists (here
emailProtection and documentSigning). ES256 on P-256 is the simplest algorithm it takes. This
makes such a pair: a self-signed CA and a leaf it issued. No buyer's tool trusts it; a
production marketplace signs with a certificate from a CA on the C2PA trust list instead.
"""

import datetime
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

DOCUMENT_SIGNING = x509.ObjectIdentifier("1.3.6.1.5.5.7.3.36")  # id-kp-documentSigning


@dataclass(frozen=True)
class SigningPair:
    chain_pem: bytes  # the leaf, then the CA that issued it
    key_pem: bytes  # the leaf's private key, PKCS#8
    ca_pem: bytes  # the CA alone: the trust anchor a verifier would configure


def _name(common_name: str, organisation: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organisation),
        ]
    )


def make_signing_pair(organisation: str, *, days: int = 825) -> SigningPair:
    """A new CA and a leaf certificate for `organisation` (the name readers show as signer)."""
    # Valid from two years back: the C2PA library checks validity against the machine's real
    # clock, and the test suite runs whole days and years ahead of it (pytest --clock).
    today = datetime.datetime.now(datetime.UTC)
    now = today - datetime.timedelta(days=730)  # the certificates' start
    until = today + datetime.timedelta(days=days)
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca_name = _name(f"{organisation} Development CA", organisation)
    ca = (
        x509.CertificateBuilder()
        .subject_name(ca_name)
        .issuer_name(ca_name)
        .public_key(ca_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(until)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(_signing_usage(issues_certificates=True), critical=True)
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()), False)
        .sign(ca_key, hashes.SHA256())
    )
    leaf_key = ec.generate_private_key(ec.SECP256R1())
    leaf = (
        x509.CertificateBuilder()
        .subject_name(_name(organisation, organisation))
        .issuer_name(ca_name)
        .public_key(leaf_key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now)
        .not_valid_after(until)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(_signing_usage(issues_certificates=False), critical=True)
        .add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION, DOCUMENT_SIGNING]),
            critical=False,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(leaf_key.public_key()), False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), False
        )
        .sign(ca_key, hashes.SHA256())
    )
    pem = serialization.Encoding.PEM
    ca_pem = ca.public_bytes(pem)
    return SigningPair(
        chain_pem=leaf.public_bytes(pem) + ca_pem,
        key_pem=leaf_key.private_bytes(
            pem, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        ),
        ca_pem=ca_pem,
    )


def write_signing_pair(pair: SigningPair, *, cert_path: Path, key_path: Path) -> Path:
    """Write the chain and key (the key readable by its owner only) and the CA beside the
    chain as `<chain name>.ca.pem`; returns that CA file's path."""
    cert_path.parent.mkdir(parents=True, exist_ok=True)
    key_path.parent.mkdir(parents=True, exist_ok=True)
    key_path.touch(mode=0o600, exist_ok=False)
    key_path.write_bytes(pair.key_pem)
    cert_path.write_bytes(pair.chain_pem)
    ca_path = cert_path.with_suffix(".ca.pem")
    ca_path.write_bytes(pair.ca_pem)
    return ca_path


def _signing_usage(*, issues_certificates: bool) -> x509.KeyUsage:
    """Digital signatures, and for the CA also certificates and revocation lists."""
    return x509.KeyUsage(
        digital_signature=True,
        content_commitment=False,
        key_encipherment=False,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=issues_certificates,
        crl_sign=issues_certificates,
        encipher_only=False,
        decipher_only=False,
    )
