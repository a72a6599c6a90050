from keino_cli.cli import main

main()
