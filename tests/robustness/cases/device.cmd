matrix /dev/zero
