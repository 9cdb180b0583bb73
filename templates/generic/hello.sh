#!/bin/sh
# The sample service's reply to each connection (REPLACE with your own service).
echo "hello from {{name}}"
