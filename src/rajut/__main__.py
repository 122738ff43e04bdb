from rajut.cli.app import main

main()
