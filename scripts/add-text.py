#!/usr/bin/env python3
"""Add or replace console words in both resource files.

usage: scripts/add-text.py KEY "English" "中文" [KEY "English" "中文" ...]
"""
import os
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
DIR = os.path.join(HERE, "..", "src", "Kith.Server", "Localization")
HEADER = """<?xml version="1.0" encoding="utf-8"?>
<root>
  <resheader name="resmimetype"><value>text/microsoft-resx</value></resheader>
  <resheader name="version"><value>2.0</value></resheader>
  <resheader name="reader"><value>System.Resources.ResXResourceReader, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
  <resheader name="writer"><value>System.Resources.ResXResourceWriter, System.Windows.Forms, Version=4.0.0.0, Culture=neutral, PublicKeyToken=b77a5c561934e089</value></resheader>
</root>
"""


def load(path):
    if not os.path.exists(path):
        with open(path, "w", encoding="utf-8") as f:
            f.write(HEADER)
    return ET.parse(path)


def put(tree, key, value):
    root = tree.getroot()
    for d in root.findall("data"):
        if d.get("name") == key:
            d.find("value").text = value
            return
    d = ET.SubElement(root, "data", {"name": key, "xml:space": "preserve"})
    ET.SubElement(d, "value").text = value


def save(tree, path):
    root = tree.getroot()
    data = sorted(root.findall("data"), key=lambda d: d.get("name"))
    for d in root.findall("data"):
        root.remove(d)
    root.extend(data)
    ET.indent(tree, "  ")
    tree.write(path, encoding="utf-8", xml_declaration=True)
    with open(path, "a", encoding="utf-8") as f:
        f.write("\n")


def main(args):
    if len(args) == 0 or len(args) % 3 != 0:
        sys.exit(__doc__)
    en_path, zh_path = os.path.join(DIR, "Text.resx"), os.path.join(DIR, "Text.zh-CN.resx")
    en, zh = load(en_path), load(zh_path)
    for i in range(0, len(args), 3):
        put(en, args[i], args[i + 1])
        put(zh, args[i], args[i + 2])
    save(en, en_path)
    save(zh, zh_path)


if __name__ == "__main__":
    main(sys.argv[1:])
