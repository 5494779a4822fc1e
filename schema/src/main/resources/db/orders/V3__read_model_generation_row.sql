-- The generation row (apart from V2's DDL, see schema/README.md); an existing row is kept.
INSERT INTO read_model_generation (id, generation) VALUES (1, 1) ON CONFLICT (id) DO NOTHING;
