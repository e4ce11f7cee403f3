#!/bin/sh
# Regenerates the PEM fixtures of PemTest, KeyMatchTest, SigAlgChooserTest and
# SslContextCertificateTest with the openssl CLI (made with OpenSSL 3.0.19). Run it in this
# directory. Test keys only: they protect nothing. Password of every encrypted key: tlsbio-test
set -e
P=pass:tlsbio-test
DAYS=7300
# self-signed leaves: the tests check keys and slots, not chains
cert() { openssl req -x509 -new -key "$1" -out "$2" -subj "/CN=$3" -days $DAYS -sha256 2>/dev/null; }

openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa.key
cert rsa.key rsa.pem rsa
openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:2048 -out rsa-other.key
openssl rsa -in rsa.key -traditional -out rsa-pkcs1.key
openssl rsa -in rsa.key -traditional -aes256 -passout $P -out rsa-pkcs1-aes256.key
openssl pkey -in rsa.key -aes256 -passout $P -out rsa-pkcs8-aes256.key
openssl pkcs8 -topk8 -in rsa.key -v1 PBE-SHA1-3DES -passout $P -out rsa-pkcs8-pbe-sha1-3des.key

# "openssl ecparam -genkey" writes an EC PARAMETERS block before the SEC1 key
openssl ecparam -name prime256v1 -genkey -out ec.key
cert ec.key ec.pem ec
openssl ec -in ec.key -aes256 -passout $P -out ec-sec1-aes256.key 2>/dev/null
openssl pkcs8 -topk8 -in ec.key -scrypt -passout $P -out ec-pkcs8-scrypt.key
openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -out ec384.key
cert ec384.key ec384.pem ec384

openssl genpkey -algorithm ED25519 -out ed25519.key
cert ed25519.key ed25519.pem ed25519
openssl pkey -in ed25519.key -aes256 -passout $P -out ed25519-pkcs8-aes256.key
openssl genpkey -algorithm ED448 -out ed448.key
cert ed448.key ed448.pem ed448

openssl genpkey -algorithm X25519 -out x25519.key
openssl genpkey -genparam -algorithm DSA -pkeyopt dsa_paramgen_bits:1024 -out dsa-params.pem
openssl genpkey -paramfile dsa-params.pem -out dsa.key
rm dsa-params.pem
