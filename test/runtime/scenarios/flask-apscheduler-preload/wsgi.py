from reports import create_app

app = create_app()
