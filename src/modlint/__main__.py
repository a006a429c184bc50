from modlint.cli import main

main()
