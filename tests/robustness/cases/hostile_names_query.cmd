query tests/robustness/corpus/hostile_names.yaml --relaxed --from default/plain --to 'default/title'$'\e'']0;owned'$'\a\u202e''gnp.exe "q"' --port 80
