matrix -q - --level pod -o csv
