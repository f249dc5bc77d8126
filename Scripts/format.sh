#!/usr/bin/env bash
# Formats the sources with swift-format, then lints them strictly.
set -euo pipefail
cd "$(dirname "$0")/.."
swift format format --in-place --recursive Sources Tests Fuzz/Driver Package.swift
swift format lint --strict --recursive Sources Tests Fuzz/Driver Package.swift
