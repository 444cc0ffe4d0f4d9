# The host↔enclave exchange, as files: read the request from a read-only input directory, write
# the answer to an output directory. The guest sees nothing else of the host.
#   minops run answer.py -v ./in:/in:ro -v ./out:/out
import hashlib
import json

with open("/in/request.json") as f:
    request = json.load(f)

answer = {
    "id": request["id"],
    "sum": sum(request["numbers"]),
    "words": len(request["text"].split()),
    "sha256": hashlib.sha256(request["text"].encode()).hexdigest(),
}
with open("/out/answer.json", "w") as f:
    json.dump(answer, f, indent=2)
    f.write("\n")
print(f"answered request {answer['id']} in /out/answer.json")
