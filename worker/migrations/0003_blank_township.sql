-- households.township: NULL where the household township is that of the submission, the empty
-- text where the row has none (missing or unparsed), else the row own township. Until now both
-- of the first two were NULL, so reports counted a row without a township for the submitting
-- township, while spec 9.13 counts it in the total only. A stored row whose township is NULL but
-- whose household row has a required, type or range issue on its township is one without a
-- township (a row whose township parsed and equals that of the submission has none of these, and
-- member issues such as household_value_conflict on township are on member rows). instr, not
-- LIKE: D1 refuses LIKE patterns this long.
UPDATE households SET township = ''
WHERE township IS NULL
  AND (instr(issues, '{"rule":"required","field":"township","severity":"error","sheet":"households"') > 0
    OR instr(issues, '{"rule":"type","field":"township","severity":"error","sheet":"households"') > 0
    OR instr(issues, '{"rule":"range","field":"township","severity":"error","sheet":"households"') > 0);
