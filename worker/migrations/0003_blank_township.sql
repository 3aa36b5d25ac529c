-- households.township: NULL where the household's township is the submission's, '' where the row
-- has none (missing or unparsed), else the row's own township. Until now both of the first two
-- were NULL, so reports counted a row without a township for the submitting township; spec §9.13
-- counts it in the total only. A stored row whose township is NULL but has an issue on its
-- township field (required, type, range) is one without a township: a row whose township parsed
-- and equals the submission's has none.
UPDATE households SET township = '' WHERE township IS NULL AND issues LIKE '%"field":"township"%';
