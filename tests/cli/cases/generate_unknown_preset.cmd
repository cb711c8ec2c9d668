generate --preset l3
