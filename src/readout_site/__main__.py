from readout_site.cli import run

run()
