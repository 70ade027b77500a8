-- Problems (diagnoses) coded with SNOMED CT. The catalogue is a curated subset of concepts prison
-- healthcare uses often, with their SNOMED CT concept ids and preferred terms; load the full UK
-- edition here when the licence and terminology server are in place.
CREATE TABLE problem_concept (
    snomed_id   bigint PRIMARY KEY CHECK (snomed_id > 0),
    term        text NOT NULL UNIQUE
);
CREATE INDEX problem_concept_term_trgm ON problem_concept USING gin (term gin_trgm_ops);
INSERT INTO problem_concept (snomed_id, term) VALUES
    (195967001, 'Asthma'),
    (44054006, 'Type 2 diabetes mellitus'),
    (46635009, 'Type 1 diabetes mellitus'),
    (237599002, 'Insulin treated type 2 diabetes mellitus'),
    (73211009, 'Diabetes mellitus'),
    (38341003, 'Hypertensive disorder'),
    (59621000, 'Essential hypertension'),
    (84757009, 'Epilepsy'),
    (91175000, 'Seizure'),
    (13645005, 'Chronic obstructive lung disease'),
    (32398004, 'Bronchitis'),
    (233604007, 'Pneumonia'),
    (6142004, 'Influenza'),
    (840539006, 'COVID-19'),
    (56717001, 'Tuberculosis'),
    (35489007, 'Depressive disorder'),
    (370143000, 'Major depressive disorder'),
    (197480006, 'Anxiety disorder'),
    (21897009, 'Generalized anxiety disorder'),
    (231504006, 'Mixed anxiety and depressive disorder'),
    (47505003, 'Posttraumatic stress disorder'),
    (191736004, 'Obsessive-compulsive disorder'),
    (58214004, 'Schizophrenia'),
    (69322001, 'Psychotic disorder'),
    (13746004, 'Bipolar disorder'),
    (33449004, 'Personality disorder'),
    (20010003, 'Borderline personality disorder'),
    (406506008, 'Attention deficit hyperactivity disorder'),
    (110359009, 'Intellectual disability'),
    (386806002, 'Impaired cognition'),
    (52448006, 'Dementia'),
    (26929004, 'Alzheimer''s disease'),
    (248062006, 'Self-injurious behavior'),
    (82313006, 'Suicide attempt'),
    (73595000, 'Stress'),
    (193462001, 'Insomnia'),
    (66590003, 'Alcohol dependence'),
    (7200002, 'Alcoholism'),
    (15167005, 'Alcohol abuse'),
    (75544000, 'Opioid dependence'),
    (191816009, 'Drug dependence'),
    (26416006, 'Drug abuse'),
    (55680006, 'Drug overdose'),
    (75478009, 'Poisoning'),
    (50711007, 'Viral hepatitis type C'),
    (66071002, 'Viral hepatitis type B'),
    (86406008, 'Human immunodeficiency virus infection'),
    (76272004, 'Syphilis'),
    (15628003, 'Gonorrhea'),
    (105629000, 'Chlamydial infection'),
    (128869009, 'Scabies'),
    (22298006, 'Myocardial infarction'),
    (399211009, 'History of myocardial infarction'),
    (414545008, 'Ischemic heart disease'),
    (53741008, 'Coronary arteriosclerosis'),
    (194828000, 'Angina'),
    (49436004, 'Atrial fibrillation'),
    (84114007, 'Heart failure'),
    (42343007, 'Congestive heart failure'),
    (56265001, 'Heart disease'),
    (230690007, 'Cerebrovascular accident'),
    (59282003, 'Pulmonary embolism'),
    (128053003, 'Deep venous thrombosis'),
    (55822004, 'Hyperlipidemia'),
    (40930008, 'Hypothyroidism'),
    (34486009, 'Hyperthyroidism'),
    (414916001, 'Obesity'),
    (709044004, 'Chronic kidney disease'),
    (68566005, 'Urinary tract infectious disease'),
    (235595009, 'Gastroesophageal reflux disease'),
    (397825006, 'Gastric ulcer'),
    (13200003, 'Peptic ulcer'),
    (34000006, 'Crohn''s disease'),
    (64766004, 'Ulcerative colitis'),
    (10743008, 'Irritable bowel syndrome'),
    (19943007, 'Cirrhosis of liver'),
    (197321007, 'Steatosis of liver'),
    (235856003, 'Disorder of liver'),
    (396275006, 'Osteoarthritis'),
    (69896004, 'Rheumatoid arthritis'),
    (90560007, 'Gout'),
    (64859006, 'Osteoporosis'),
    (203082005, 'Fibromyalgia'),
    (82423001, 'Chronic pain'),
    (279039007, 'Low back pain'),
    (161891005, 'Backache'),
    (57676002, 'Pain in joint'),
    (125605004, 'Fracture of bone'),
    (37796009, 'Migraine'),
    (25064002, 'Headache'),
    (24700007, 'Multiple sclerosis'),
    (49049000, 'Parkinson''s disease'),
    (271594007, 'Syncope'),
    (43116000, 'Eczema'),
    (24079001, 'Atopic dermatitis'),
    (238575004, 'Allergic contact dermatitis'),
    (9014002, 'Psoriasis'),
    (128045006, 'Cellulitis'),
    (95320005, 'Disorder of skin'),
    (271807003, 'Eruption of skin'),
    (418290006, 'Itching'),
    (61582004, 'Allergic rhinitis'),
    (36971009, 'Sinusitis'),
    (65363002, 'Otitis media'),
    (271737000, 'Anemia'),
    (80394007, 'Hyperglycemia'),
    (302866003, 'Hypoglycemia'),
    (363346000, 'Malignant neoplastic disease'),
    (254837009, 'Malignant neoplasm of breast'),
    (399068003, 'Malignant tumor of prostate'),
    (363358000, 'Malignant tumor of lung'),
    (77386006, 'Pregnant'),
    (62315008, 'Diarrhea'),
    (14760008, 'Constipation'),
    (422587007, 'Nausea'),
    (21522001, 'Abdominal pain'),
    (29857009, 'Chest pain'),
    (267036007, 'Dyspnea'),
    (49727002, 'Cough'),
    (386661006, 'Fever'),
    (267102003, 'Sore throat symptom');

CREATE TABLE problem (
    id                        uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    patient_id                uuid NOT NULL REFERENCES patient (id),
    concept_id                bigint NOT NULL REFERENCES problem_concept (snomed_id),
    status                    text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'resolved')),
    note                      text NOT NULL DEFAULT '',
    establishment_id          uuid NOT NULL REFERENCES establishment (id),
    recorded_by               uuid NOT NULL REFERENCES staff (id),
    recorded_at               timestamptz NOT NULL DEFAULT now(),
    resolved_at               timestamptz,
    resolved_by               uuid REFERENCES staff (id),
    entered_in_error_at       timestamptz,
    entered_in_error_by       uuid REFERENCES staff (id),
    entered_in_error_reason   text,
    CHECK ((status = 'resolved') = (resolved_at IS NOT NULL)),
    CHECK ((resolved_at IS NULL) = (resolved_by IS NULL)),
    CHECK ((entered_in_error_at IS NULL) = (entered_in_error_by IS NULL)),
    CHECK ((entered_in_error_at IS NULL) = (entered_in_error_reason IS NULL))
);
CREATE TRIGGER problem_no_delete BEFORE DELETE ON problem FOR EACH ROW EXECUTE FUNCTION forbid_delete();
CREATE TRIGGER problem_no_truncate BEFORE TRUNCATE ON problem FOR EACH STATEMENT EXECUTE FUNCTION forbid_change();
CREATE INDEX problem_patient ON problem (patient_id, recorded_at DESC);
-- The same problem is active at most once per patient.
CREATE UNIQUE INDEX problem_one_active ON problem (patient_id, concept_id)
    WHERE status = 'active' AND entered_in_error_at IS NULL;

CREATE FUNCTION timeline_from_problem() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    concept text;
BEGIN
    SELECT term INTO concept FROM problem_concept WHERE snomed_id = NEW.concept_id;
    IF TG_OP = 'INSERT' THEN
        INSERT INTO timeline_entry (patient_id, kind, occurred_at, establishment_id, custody_episode_id, author_id, author_role, summary, body, source_id)
        VALUES (NEW.patient_id, 'problem', NEW.recorded_at, NEW.establishment_id, custody_episode_at(NEW.patient_id, NEW.recorded_at),
                NEW.recorded_by, (SELECT role FROM staff WHERE id = NEW.recorded_by),
                'Problem recorded: ' || concept, 'SNOMED CT ' || NEW.concept_id || '. ' || NEW.note, NEW.id);
    ELSIF NEW.status = 'resolved' AND OLD.status = 'active' THEN
        INSERT INTO timeline_entry (patient_id, kind, occurred_at, establishment_id, custody_episode_id, author_id, author_role, summary, body, source_id)
        VALUES (NEW.patient_id, 'problem', NEW.resolved_at, NEW.establishment_id, custody_episode_at(NEW.patient_id, NEW.resolved_at),
                NEW.resolved_by, (SELECT role FROM staff WHERE id = NEW.resolved_by),
                'Problem resolved: ' || concept, 'SNOMED CT ' || NEW.concept_id || '.', NEW.id);
    END IF;
    RETURN NEW;
END;
$$;
CREATE TRIGGER problem_on_timeline AFTER INSERT OR UPDATE OF status ON problem FOR EACH ROW EXECUTE FUNCTION timeline_from_problem();
