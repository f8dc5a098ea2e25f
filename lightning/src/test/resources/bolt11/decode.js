// Decodes a BOLT11 invoice with the npm package `bolt11` (an independent implementation) and
// prints JSON. Usage: node decode.js <node_modules dir> <invoice>
'use strict'
const path = require('path')
const crypto = require('crypto')
const [modules, invoice] = process.argv.slice(2)
const bolt11 = require(path.join(modules, 'bolt11'))
// the pure-JS implementation, whatever bolt11 itself loaded (a prebuilt native addon if present)
const secp256k1 = require(path.join(modules, 'secp256k1', 'elliptic'))
const bech32 = require(path.join(modules, 'bech32'))

const d = bolt11.decode(invoice)
const tags = {}
for (const t of d.tags) tags[t.tagName] = t.data

// Verify the signature against the recovered key explicitly as well (also rejects high-S).
// bolt11.decode only recovers a key; the caller compares it with the node key it expects.
const words = bech32.decode(invoice, Number.MAX_SAFE_INTEGER).words.slice(0, -104)
const bytes = []
let acc = 0
let bits = 0
for (const w of words) {
  acc = (acc << 5) | w
  bits += 5
  while (bits >= 8) { bits -= 8; bytes.push((acc >> bits) & 0xff) }
}
if (bits > 0) bytes.push((acc << (8 - bits)) & 0xff)
const hash = crypto.createHash('sha256').update(Buffer.concat([Buffer.from(d.prefix, 'utf8'), Buffer.from(bytes)])).digest()
const signatureValid = secp256k1.ecdsaVerify(Buffer.from(d.signature, 'hex'), hash, Buffer.from(d.payeeNodeKey, 'hex'))

process.stdout.write(JSON.stringify({
  prefix: d.prefix,
  network: d.network.bech32,
  satoshis: d.satoshis,
  millisatoshis: d.millisatoshis,
  timestamp: d.timestamp,
  timeExpireDate: d.timeExpireDate,
  payeeNodeKey: d.payeeNodeKey,
  recoveryFlag: d.recoveryFlag,
  signatureValid,
  complete: d.complete,
  paymentHash: tags.payment_hash,
  paymentSecret: tags.payment_secret,
  description: tags.description,
  expireTime: tags.expire_time,
  minFinalCltvExpiry: tags.min_final_cltv_expiry,
  featureBits: tags.feature_bits
}))
