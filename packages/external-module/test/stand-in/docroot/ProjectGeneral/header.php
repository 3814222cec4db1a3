<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Stand-in REDCap project page</title></head><body>
