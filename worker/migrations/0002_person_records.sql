-- Households store their persons as fixed-width text records instead of JSON arrays (see
-- worker/ids/person-record.ts): 24 hex characters of HMAC (its first 96 bits, see
-- worker/ids/index.ts), the ID's first 6 and last 4 characters, the worksheet row in 7 digits. A submission's rows travel to D1 as JSON inside
-- JSON, and the escaped quotes of the old form were a third of a 20,000-household insert's bytes.
--
-- head_person: index of the head's record in person_ids when the head is one of the household's
-- persons; head_hmac and head_masked are then NULL (they are kept for a head who is not).
-- households.township is NULL where it equals the submission's township (readers COALESCE).
ALTER TABLE households ADD COLUMN head_person INTEGER;

-- Rows stored before: [[row, "hmac", "110101********803X"], …] → records, and their head HMACs cut
-- to the same 96 bits (a prefix: the same person still matches across periods). Their head columns
-- stay filled (head_person NULL), which readers handle the same way.
UPDATE households
SET person_ids = COALESCE(
  (SELECT group_concat(record, '')
   FROM (SELECT substr(p.value ->> 1, 1, 24) || substr(p.value ->> 2, 1, 6) || substr(p.value ->> 2, -4)
                || printf('%07d', p.value ->> 0) AS record
         FROM json_each(households.person_ids) p
         ORDER BY p.key)),
  '')
WHERE person_ids LIKE '[%';

UPDATE households SET head_hmac = substr(head_hmac, 1, 24) WHERE length(head_hmac) > 24;
