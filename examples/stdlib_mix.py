# json + hashlib + datetime: a script that pulls in C extension modules (_json, _hashlib/_sha256,
# _datetime) and, through them, shared libraries such as libcrypto.
import datetime
import hashlib
import json

doc = {"name": "minops", "when": datetime.datetime(2024, 1, 1, 12, 0).isoformat()}
text = json.dumps(doc, sort_keys=True)
print(text)
print("sha256", hashlib.sha256(text.encode()).hexdigest())
print("days", (datetime.date(2024, 3, 1) - datetime.date(2024, 1, 1)).days)
