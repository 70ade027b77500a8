-- The bundled medicines catalogue: a curated subset of dm+d covering what prison healthcare in
-- England prescribes most, one row per product as it is prescribed and given (names follow the
-- dm+d VMP naming style).
--
-- Codes are dm+d-style (SNOMED CT identifiers with a valid Verhoeff check digit). Only the
-- 42 rows marked "-- dm+d VMP id" carry a VMP id checked against published NHS examples;
-- dm+d has since re-identified some VMPs, so even those should be confirmed via VPIDPREV.
-- Every other code is a placeholder generated in the UK drug extension shape with item
-- identifiers from 9900001 upwards (codes 99000011000001100 and above), chosen to stay clear of
-- issued dm+d ids. Codes not verified against a dm+d release must be mapped to the live dm+d
-- release before clinical use.
--
-- cd_schedule is the Misuse of Drugs Regulations 2001 schedule; critical_class marks medicines whose
-- omission harms quickly; allergy_terms hold lower-case ingredient and class names.

INSERT INTO medicine_product (code, name, form, strength, dose_unit, route, cd_schedule, is_ost, critical_class, allergy_terms) VALUES
    -- Opioid substitution therapy (OST): supervised, critical, controlled
    (99000011000001103, 'Methadone 1mg/ml oral solution', 'oral solution', '1mg/ml', 'ml', 'oral', 2, true, 'ost', '{methadone,opioid,opioids,opiate,opiates}'),
    (99000021000001107, 'Methadone 1mg/ml oral solution sugar free', 'oral solution', '1mg/ml', 'ml', 'oral', 2, true, 'ost', '{methadone,opioid,opioids,opiate,opiates}'),
    (99000031000001109, 'Buprenorphine 400microgram sublingual tablets sugar free', 'sublingual tablet', '400micrograms', 'tablet', 'sublingual', 3, true, 'ost', '{buprenorphine,opioid,opioids,opiate,opiates}'),
    (99000041000001102, 'Buprenorphine 2mg sublingual tablets sugar free', 'sublingual tablet', '2mg', 'tablet', 'sublingual', 3, true, 'ost', '{buprenorphine,opioid,opioids,opiate,opiates}'),
    (99000051000001104, 'Buprenorphine 8mg sublingual tablets sugar free', 'sublingual tablet', '8mg', 'tablet', 'sublingual', 3, true, 'ost', '{buprenorphine,opioid,opioids,opiate,opiates}'),
    (99000061000001101, 'Buprenorphine 2mg oral lyophilisates sugar free', 'oral lyophilisate', '2mg', 'lyophilisate', 'oral', 3, true, 'ost', '{buprenorphine,opioid,opioids,opiate,opiates}'),
    (99000071000001106, 'Buprenorphine 8mg oral lyophilisates sugar free', 'oral lyophilisate', '8mg', 'lyophilisate', 'oral', 3, true, 'ost', '{buprenorphine,opioid,opioids,opiate,opiates}'),
    (99000081000001108, 'Buprenorphine 2mg / Naloxone 500microgram sublingual tablets sugar free', 'sublingual tablet', '2mg/500micrograms', 'tablet', 'sublingual', 3, true, 'ost', '{buprenorphine,naloxone,opioid,opioids,opiate,opiates}'),
    (99000091000001105, 'Buprenorphine 8mg / Naloxone 2mg sublingual tablets sugar free', 'sublingual tablet', '8mg/2mg', 'tablet', 'sublingual', 3, true, 'ost', '{buprenorphine,naloxone,opioid,opioids,opiate,opiates}'),
    (99000101000001104, 'Buprenorphine 8mg/0.16ml prolonged-release solution for injection pre-filled syringes', 'prolonged-release injection', '8mg/0.16ml', 'injection', 'subcutaneous', 3, true, 'ost', '{buprenorphine,opioid,opioids,opiate,opiates}'),
    (99000111000001102, 'Buprenorphine 16mg/0.32ml prolonged-release solution for injection pre-filled syringes', 'prolonged-release injection', '16mg/0.32ml', 'injection', 'subcutaneous', 3, true, 'ost', '{buprenorphine,opioid,opioids,opiate,opiates}'),
    (99000121000001106, 'Buprenorphine 24mg/0.48ml prolonged-release solution for injection pre-filled syringes', 'prolonged-release injection', '24mg/0.48ml', 'injection', 'subcutaneous', 3, true, 'ost', '{buprenorphine,opioid,opioids,opiate,opiates}'),
    (99000131000001108, 'Buprenorphine 32mg/0.64ml prolonged-release solution for injection pre-filled syringes', 'prolonged-release injection', '32mg/0.64ml', 'injection', 'subcutaneous', 3, true, 'ost', '{buprenorphine,opioid,opioids,opiate,opiates}'),
    (99000141000001101, 'Buprenorphine 64mg/0.18ml prolonged-release solution for injection pre-filled syringes', 'prolonged-release injection', '64mg/0.18ml', 'injection', 'subcutaneous', 3, true, 'ost', '{buprenorphine,opioid,opioids,opiate,opiates}'),
    (99000151000001103, 'Buprenorphine 96mg/0.27ml prolonged-release solution for injection pre-filled syringes', 'prolonged-release injection', '96mg/0.27ml', 'injection', 'subcutaneous', 3, true, 'ost', '{buprenorphine,opioid,opioids,opiate,opiates}'),
    (99000161000001100, 'Buprenorphine 128mg/0.36ml prolonged-release solution for injection pre-filled syringes', 'prolonged-release injection', '128mg/0.36ml', 'injection', 'subcutaneous', 3, true, 'ost', '{buprenorphine,opioid,opioids,opiate,opiates}'),
    (99000171000001105, 'Buprenorphine 160mg/0.45ml prolonged-release solution for injection pre-filled syringes', 'prolonged-release injection', '160mg/0.45ml', 'injection', 'subcutaneous', 3, true, 'ost', '{buprenorphine,opioid,opioids,opiate,opiates}'),

    -- Detoxification, withdrawal, overdose and relapse prevention
    (99000181000001107, 'Lofexidine 200microgram tablets', 'tablet', '200micrograms', 'tablet', 'oral', NULL, false, NULL, '{lofexidine,"alpha2 agonist","alpha2 agonists"}'),
    (321249002, 'Chlordiazepoxide 5mg capsules', 'capsule', '5mg', 'capsule', 'oral', 4, false, NULL, '{chlordiazepoxide,benzodiazepine,benzodiazepines}'),  -- dm+d VMP id
    (99000191000001109, 'Chlordiazepoxide 10mg capsules', 'capsule', '10mg', 'capsule', 'oral', 4, false, NULL, '{chlordiazepoxide,benzodiazepine,benzodiazepines}'),
    (321196004, 'Diazepam 2mg tablets', 'tablet', '2mg', 'tablet', 'oral', 4, false, NULL, '{diazepam,benzodiazepine,benzodiazepines}'),  -- dm+d VMP id
    (99000201000001106, 'Diazepam 10mg tablets', 'tablet', '10mg', 'tablet', 'oral', 4, false, NULL, '{diazepam,benzodiazepine,benzodiazepines}'),
    (99000211000001108, 'Thiamine 100mg tablets', 'tablet', '100mg', 'tablet', 'oral', NULL, false, NULL, '{thiamine,"vitamin b1"}'),
    (99000221000001104, 'Vitamin B compound strong tablets', 'tablet', '', 'tablet', 'oral', NULL, false, NULL, '{"vitamin b compound strong","vitamin b",thiamine,riboflavin,nicotinamide,pyridoxine}'),
    (99000231000001102, 'Naloxone 400micrograms/1ml solution for injection ampoules', 'injection', '400micrograms/1ml', 'ml', 'intramuscular', NULL, false, NULL, '{naloxone,"opioid antagonist","opioid antagonists"}'),
    (99000241000001109, 'Naloxone 2mg/2ml solution for injection pre-filled syringes', 'injection', '2mg/2ml', 'ml', 'intramuscular', NULL, false, NULL, '{naloxone,"opioid antagonist","opioid antagonists"}'),
    (99000251000001107, 'Naloxone 1.8mg/dose nasal spray', 'nasal spray', '1.8mg/dose', 'spray', 'nasal', NULL, false, NULL, '{naloxone,"opioid antagonist","opioid antagonists"}'),
    (99000261000001105, 'Naltrexone 50mg tablets', 'tablet', '50mg', 'tablet', 'oral', NULL, false, NULL, '{naltrexone,"opioid antagonist","opioid antagonists"}'),
    (99000271000001100, 'Acamprosate 333mg gastro-resistant tablets', 'gastro-resistant tablet', '333mg', 'tablet', 'oral', NULL, false, NULL, '{acamprosate,"acamprosate calcium"}'),
    (99000281000001103, 'Disulfiram 200mg tablets', 'tablet', '200mg', 'tablet', 'oral', NULL, false, NULL, '{disulfiram}'),

    -- Analgesics
    (322236009, 'Paracetamol 500mg tablets', 'tablet', '500mg', 'tablet', 'oral', NULL, false, NULL, '{paracetamol,acetaminophen}'),  -- dm+d VMP id
    (322237000, 'Paracetamol 500mg soluble tablets', 'soluble tablet', '500mg', 'tablet', 'oral', NULL, false, NULL, '{paracetamol,acetaminophen}'),  -- dm+d VMP id
    (329652003, 'Ibuprofen 200mg tablets', 'tablet', '200mg', 'tablet', 'oral', NULL, false, NULL, '{ibuprofen,nsaid,nsaids,"non-steroidal anti-inflammatory","non-steroidal anti-inflammatories"}'),  -- dm+d VMP id
    (329653008, 'Ibuprofen 400mg tablets', 'tablet', '400mg', 'tablet', 'oral', NULL, false, NULL, '{ibuprofen,nsaid,nsaids,"non-steroidal anti-inflammatory","non-steroidal anti-inflammatories"}'),  -- dm+d VMP id
    (99000291000001101, 'Naproxen 500mg tablets', 'tablet', '500mg', 'tablet', 'oral', NULL, false, NULL, '{naproxen,nsaid,nsaids,"non-steroidal anti-inflammatory","non-steroidal anti-inflammatories"}'),
    (322307006, 'Co-codamol 8mg/500mg tablets', 'tablet', '8mg/500mg', 'tablet', 'oral', 5, false, NULL, '{co-codamol,codeine,"codeine phosphate",paracetamol,acetaminophen,opioid,opioids,opiate,opiates}'),  -- dm+d VMP id
    (322341003, 'Co-codamol 30mg/500mg tablets', 'tablet', '30mg/500mg', 'tablet', 'oral', 5, false, NULL, '{co-codamol,codeine,"codeine phosphate",paracetamol,acetaminophen,opioid,opioids,opiate,opiates}'),  -- dm+d VMP id
    (322503009, 'Codeine 30mg tablets', 'tablet', '30mg', 'tablet', 'oral', 5, false, NULL, '{codeine,"codeine phosphate",opioid,opioids,opiate,opiates}'),  -- dm+d VMP id
    (99000301000001102, 'Dihydrocodeine 30mg tablets', 'tablet', '30mg', 'tablet', 'oral', 5, false, NULL, '{dihydrocodeine,"dihydrocodeine tartrate",opioid,opioids,opiate,opiates}'),
    (99000311000001100, 'Tramadol 50mg capsules', 'capsule', '50mg', 'capsule', 'oral', 3, false, NULL, '{tramadol,"tramadol hydrochloride",opioid,opioids,opiate,opiates}'),
    (99000321000001109, 'Morphine 10mg/5ml oral solution', 'oral solution', '10mg/5ml', 'ml', 'oral', 5, false, NULL, '{morphine,"morphine sulfate","morphine sulphate",opioid,opioids,opiate,opiates}'),
    (36126511000001106, 'Morphine 10mg modified-release tablets', 'modified-release tablet', '10mg', 'tablet', 'oral', 2, false, NULL, '{morphine,"morphine sulfate","morphine sulphate",opioid,opioids,opiate,opiates}'),  -- dm+d VMP id
    (36126811000001109, 'Morphine 15mg modified-release tablets', 'modified-release tablet', '15mg', 'tablet', 'oral', 2, false, NULL, '{morphine,"morphine sulfate","morphine sulphate",opioid,opioids,opiate,opiates}'),  -- dm+d VMP id
    (99000331000001106, 'Oxycodone 5mg capsules', 'capsule', '5mg', 'capsule', 'oral', 2, false, NULL, '{oxycodone,"oxycodone hydrochloride",opioid,opioids,opiate,opiates}'),
    (99000341000001104, 'Oxycodone 10mg modified-release tablets', 'modified-release tablet', '10mg', 'tablet', 'oral', 2, false, NULL, '{oxycodone,"oxycodone hydrochloride",opioid,opioids,opiate,opiates}'),
    (99000351000001101, 'Gabapentin 100mg capsules', 'capsule', '100mg', 'capsule', 'oral', 3, false, NULL, '{gabapentin,gabapentinoid,gabapentinoids}'),
    (99000361000001103, 'Gabapentin 300mg capsules', 'capsule', '300mg', 'capsule', 'oral', 3, false, NULL, '{gabapentin,gabapentinoid,gabapentinoids}'),
    (99000371000001108, 'Pregabalin 50mg capsules', 'capsule', '50mg', 'capsule', 'oral', 3, false, NULL, '{pregabalin,gabapentinoid,gabapentinoids}'),
    (99000381000001105, 'Pregabalin 75mg capsules', 'capsule', '75mg', 'capsule', 'oral', 3, false, NULL, '{pregabalin,gabapentinoid,gabapentinoids}'),
    (99000391000001107, 'Pregabalin 150mg capsules', 'capsule', '150mg', 'capsule', 'oral', 3, false, NULL, '{pregabalin,gabapentinoid,gabapentinoids}'),
    (99000401000001105, 'Pregabalin 300mg capsules', 'capsule', '300mg', 'capsule', 'oral', 3, false, NULL, '{pregabalin,gabapentinoid,gabapentinoids}'),
    (99000411000001107, 'Amitriptyline 10mg tablets', 'tablet', '10mg', 'tablet', 'oral', NULL, false, NULL, '{amitriptyline,"amitriptyline hydrochloride",tricyclic,tricyclics,"tricyclic antidepressant","tricyclic antidepressants",antidepressant,antidepressants}'),
    (99000421000001103, 'Amitriptyline 25mg tablets', 'tablet', '25mg', 'tablet', 'oral', NULL, false, NULL, '{amitriptyline,"amitriptyline hydrochloride",tricyclic,tricyclics,"tricyclic antidepressant","tricyclic antidepressants",antidepressant,antidepressants}'),
    (99000431000001101, 'Nortriptyline 10mg tablets', 'tablet', '10mg', 'tablet', 'oral', NULL, false, NULL, '{nortriptyline,tricyclic,tricyclics,"tricyclic antidepressant","tricyclic antidepressants",antidepressant,antidepressants}'),
    (322815004, 'Sumatriptan 50mg tablets', 'tablet', '50mg', 'tablet', 'oral', NULL, false, NULL, '{sumatriptan,triptan,triptans}'),  -- dm+d VMP id

    -- Mental health: antidepressants
    (99000441000001108, 'Sertraline 50mg tablets', 'tablet', '50mg', 'tablet', 'oral', NULL, false, NULL, '{sertraline,ssri,ssris,"selective serotonin reuptake inhibitor","selective serotonin reuptake inhibitors",antidepressant,antidepressants}'),
    (99000451000001106, 'Sertraline 100mg tablets', 'tablet', '100mg', 'tablet', 'oral', NULL, false, NULL, '{sertraline,ssri,ssris,"selective serotonin reuptake inhibitor","selective serotonin reuptake inhibitors",antidepressant,antidepressants}'),
    (99000461000001109, 'Fluoxetine 20mg capsules', 'capsule', '20mg', 'capsule', 'oral', NULL, false, NULL, '{fluoxetine,ssri,ssris,"selective serotonin reuptake inhibitor","selective serotonin reuptake inhibitors",antidepressant,antidepressants}'),
    (321987003, 'Citalopram 20mg tablets', 'tablet', '20mg', 'tablet', 'oral', NULL, false, NULL, '{citalopram,ssri,ssris,"selective serotonin reuptake inhibitor","selective serotonin reuptake inhibitors",antidepressant,antidepressants}'),  -- dm+d VMP id
    (99000471000001104, 'Citalopram 40mg tablets', 'tablet', '40mg', 'tablet', 'oral', NULL, false, NULL, '{citalopram,ssri,ssris,"selective serotonin reuptake inhibitor","selective serotonin reuptake inhibitors",antidepressant,antidepressants}'),
    (99000481000001102, 'Escitalopram 10mg tablets', 'tablet', '10mg', 'tablet', 'oral', NULL, false, NULL, '{escitalopram,ssri,ssris,"selective serotonin reuptake inhibitor","selective serotonin reuptake inhibitors",antidepressant,antidepressants}'),
    (99000491000001100, 'Paroxetine 20mg tablets', 'tablet', '20mg', 'tablet', 'oral', NULL, false, NULL, '{paroxetine,ssri,ssris,"selective serotonin reuptake inhibitor","selective serotonin reuptake inhibitors",antidepressant,antidepressants}'),
    (99000501000001109, 'Mirtazapine 15mg tablets', 'tablet', '15mg', 'tablet', 'oral', NULL, false, NULL, '{mirtazapine,antidepressant,antidepressants}'),
    (99000511000001106, 'Mirtazapine 30mg tablets', 'tablet', '30mg', 'tablet', 'oral', NULL, false, NULL, '{mirtazapine,antidepressant,antidepressants}'),
    (99000521000001102, 'Mirtazapine 15mg orodispersible tablets sugar free', 'orodispersible tablet', '15mg', 'tablet', 'oral', NULL, false, NULL, '{mirtazapine,antidepressant,antidepressants}'),
    (99000531000001100, 'Venlafaxine 37.5mg tablets', 'tablet', '37.5mg', 'tablet', 'oral', NULL, false, NULL, '{venlafaxine,snri,snris,"serotonin and noradrenaline reuptake inhibitor",antidepressant,antidepressants}'),
    (99000541000001107, 'Venlafaxine 75mg modified-release capsules', 'modified-release capsule', '75mg', 'capsule', 'oral', NULL, false, NULL, '{venlafaxine,snri,snris,"serotonin and noradrenaline reuptake inhibitor",antidepressant,antidepressants}'),
    (99000551000001105, 'Duloxetine 60mg gastro-resistant capsules', 'gastro-resistant capsule', '60mg', 'capsule', 'oral', NULL, false, NULL, '{duloxetine,snri,snris,"serotonin and noradrenaline reuptake inhibitor",antidepressant,antidepressants}'),
    (376689003, 'Trazodone 50mg capsules', 'capsule', '50mg', 'capsule', 'oral', NULL, false, NULL, '{trazodone,antidepressant,antidepressants}'),  -- dm+d VMP id

    -- Mental health: antipsychotics, oral and depot (critical)
    (99000561000001108, 'Olanzapine 5mg tablets', 'tablet', '5mg', 'tablet', 'oral', NULL, false, 'antipsychotic', '{olanzapine,antipsychotic,antipsychotics}'),
    (99000571000001103, 'Olanzapine 10mg tablets', 'tablet', '10mg', 'tablet', 'oral', NULL, false, 'antipsychotic', '{olanzapine,antipsychotic,antipsychotics}'),
    (99000581000001101, 'Olanzapine 20mg tablets', 'tablet', '20mg', 'tablet', 'oral', NULL, false, 'antipsychotic', '{olanzapine,antipsychotic,antipsychotics}'),
    (99000591000001104, 'Olanzapine 10mg orodispersible tablets sugar free', 'orodispersible tablet', '10mg', 'tablet', 'oral', NULL, false, 'antipsychotic', '{olanzapine,antipsychotic,antipsychotics}'),
    (99000601000001108, 'Quetiapine 25mg tablets', 'tablet', '25mg', 'tablet', 'oral', NULL, false, 'antipsychotic', '{quetiapine,antipsychotic,antipsychotics}'),
    (99000611000001105, 'Quetiapine 100mg tablets', 'tablet', '100mg', 'tablet', 'oral', NULL, false, 'antipsychotic', '{quetiapine,antipsychotic,antipsychotics}'),
    (99000621000001101, 'Quetiapine 200mg tablets', 'tablet', '200mg', 'tablet', 'oral', NULL, false, 'antipsychotic', '{quetiapine,antipsychotic,antipsychotics}'),
    (99000631000001104, 'Quetiapine 50mg modified-release tablets', 'modified-release tablet', '50mg', 'tablet', 'oral', NULL, false, 'antipsychotic', '{quetiapine,antipsychotic,antipsychotics}'),
    (99000641000001106, 'Risperidone 1mg tablets', 'tablet', '1mg', 'tablet', 'oral', NULL, false, 'antipsychotic', '{risperidone,antipsychotic,antipsychotics}'),
    (99000651000001109, 'Risperidone 2mg tablets', 'tablet', '2mg', 'tablet', 'oral', NULL, false, 'antipsychotic', '{risperidone,antipsychotic,antipsychotics}'),
    (99000661000001107, 'Aripiprazole 5mg tablets', 'tablet', '5mg', 'tablet', 'oral', NULL, false, 'antipsychotic', '{aripiprazole,antipsychotic,antipsychotics}'),
    (99000671000001102, 'Aripiprazole 10mg tablets', 'tablet', '10mg', 'tablet', 'oral', NULL, false, 'antipsychotic', '{aripiprazole,antipsychotic,antipsychotics}'),
    (99000681000001100, 'Haloperidol 500microgram tablets', 'tablet', '500micrograms', 'tablet', 'oral', NULL, false, 'antipsychotic', '{haloperidol,butyrophenone,butyrophenones,antipsychotic,antipsychotics}'),
    (99000691000001103, 'Haloperidol 5mg tablets', 'tablet', '5mg', 'tablet', 'oral', NULL, false, 'antipsychotic', '{haloperidol,butyrophenone,butyrophenones,antipsychotic,antipsychotics}'),
    (99000701000001103, 'Haloperidol 5mg/1ml solution for injection ampoules', 'injection', '5mg/1ml', 'ml', 'intramuscular', NULL, false, 'antipsychotic', '{haloperidol,butyrophenone,butyrophenones,antipsychotic,antipsychotics}'),
    (99000711000001101, 'Clozapine 25mg tablets', 'tablet', '25mg', 'tablet', 'oral', NULL, false, 'antipsychotic', '{clozapine,antipsychotic,antipsychotics}'),
    (99000721000001105, 'Clozapine 100mg tablets', 'tablet', '100mg', 'tablet', 'oral', NULL, false, 'antipsychotic', '{clozapine,antipsychotic,antipsychotics}'),
    (99000731000001107, 'Zuclopenthixol 10mg tablets', 'tablet', '10mg', 'tablet', 'oral', NULL, false, 'antipsychotic', '{zuclopenthixol,thioxanthene,thioxanthenes,antipsychotic,antipsychotics,"zuclopenthixol dihydrochloride"}'),
    (99000741000001100, 'Zuclopenthixol acetate 50mg/1ml solution for injection ampoules', 'injection', '50mg/1ml', 'ml', 'intramuscular', NULL, false, 'antipsychotic', '{zuclopenthixol,thioxanthene,thioxanthenes,antipsychotic,antipsychotics,"zuclopenthixol acetate"}'),
    (99000751000001102, 'Zuclopenthixol decanoate 200mg/1ml solution for injection ampoules', 'injection', '200mg/1ml', 'ml', 'intramuscular', NULL, false, 'antipsychotic', '{zuclopenthixol,thioxanthene,thioxanthenes,antipsychotic,antipsychotics,"zuclopenthixol decanoate"}'),
    (99000761000001104, 'Flupentixol decanoate 20mg/1ml solution for injection ampoules', 'injection', '20mg/1ml', 'ml', 'intramuscular', NULL, false, 'antipsychotic', '{flupentixol,"flupentixol decanoate",flupenthixol,thioxanthene,thioxanthenes,antipsychotic,antipsychotics}'),
    (99000771000001109, 'Paliperidone 75mg/0.75ml prolonged-release suspension for injection pre-filled syringes', 'prolonged-release injection', '75mg/0.75ml', 'injection', 'intramuscular', NULL, false, 'antipsychotic', '{paliperidone,"paliperidone palmitate",risperidone,antipsychotic,antipsychotics}'),
    (99000781000001106, 'Paliperidone 100mg/1ml prolonged-release suspension for injection pre-filled syringes', 'prolonged-release injection', '100mg/1ml', 'injection', 'intramuscular', NULL, false, 'antipsychotic', '{paliperidone,"paliperidone palmitate",risperidone,antipsychotic,antipsychotics}'),
    (99000791000001108, 'Paliperidone 150mg/1.5ml prolonged-release suspension for injection pre-filled syringes', 'prolonged-release injection', '150mg/1.5ml', 'injection', 'intramuscular', NULL, false, 'antipsychotic', '{paliperidone,"paliperidone palmitate",risperidone,antipsychotic,antipsychotics}'),
    (99000801000001107, 'Aripiprazole 300mg powder and solvent for prolonged-release suspension for injection pre-filled syringes', 'prolonged-release injection', '300mg', 'injection', 'intramuscular', NULL, false, 'antipsychotic', '{aripiprazole,antipsychotic,antipsychotics}'),
    (99000811000001109, 'Aripiprazole 400mg powder and solvent for prolonged-release suspension for injection pre-filled syringes', 'prolonged-release injection', '400mg', 'injection', 'intramuscular', NULL, false, 'antipsychotic', '{aripiprazole,antipsychotic,antipsychotics}'),
    (99000821000001100, 'Procyclidine 5mg tablets', 'tablet', '5mg', 'tablet', 'oral', NULL, false, NULL, '{procyclidine,antimuscarinic,antimuscarinics}'),

    -- Mental health: mood stabilisers, anxiolytics, hypnotics, ADHD
    (99000831000001103, 'Lithium carbonate 200mg modified-release tablets', 'modified-release tablet', '200mg', 'tablet', 'oral', NULL, false, NULL, '{lithium,"lithium carbonate"}'),
    (99000841000001105, 'Lithium carbonate 400mg modified-release tablets', 'modified-release tablet', '400mg', 'tablet', 'oral', NULL, false, NULL, '{lithium,"lithium carbonate"}'),
    (99000851000001108, 'Promethazine hydrochloride 25mg tablets', 'tablet', '25mg', 'tablet', 'oral', NULL, false, NULL, '{promethazine,"promethazine hydrochloride",phenothiazine,phenothiazines,antihistamine,antihistamines}'),
    (99000861000001106, 'Hydroxyzine hydrochloride 25mg tablets', 'tablet', '25mg', 'tablet', 'oral', NULL, false, NULL, '{hydroxyzine,"hydroxyzine hydrochloride",antihistamine,antihistamines}'),
    (99000871000001101, 'Lorazepam 1mg tablets', 'tablet', '1mg', 'tablet', 'oral', 4, false, NULL, '{lorazepam,benzodiazepine,benzodiazepines}'),
    (321177003, 'Zopiclone 3.75mg tablets', 'tablet', '3.75mg', 'tablet', 'oral', 4, false, NULL, '{zopiclone,z-drug,z-drugs,hypnotic,hypnotics}'),  -- dm+d VMP id
    (99000881000001104, 'Zopiclone 7.5mg tablets', 'tablet', '7.5mg', 'tablet', 'oral', 4, false, NULL, '{zopiclone,z-drug,z-drugs,hypnotic,hypnotics}'),
    (99000891000001102, 'Zolpidem 10mg tablets', 'tablet', '10mg', 'tablet', 'oral', 4, false, NULL, '{zolpidem,"zolpidem tartrate",z-drug,z-drugs,hypnotic,hypnotics}'),
    (99000901000001101, 'Melatonin 2mg modified-release tablets', 'modified-release tablet', '2mg', 'tablet', 'oral', NULL, false, NULL, '{melatonin}'),
    (99000911000001104, 'Methylphenidate 10mg tablets', 'tablet', '10mg', 'tablet', 'oral', 2, false, NULL, '{methylphenidate,"methylphenidate hydrochloride",stimulant,stimulants}'),
    (99000921000001108, 'Methylphenidate 18mg modified-release tablets', 'modified-release tablet', '18mg', 'tablet', 'oral', 2, false, NULL, '{methylphenidate,"methylphenidate hydrochloride",stimulant,stimulants}'),
    (99000931000001105, 'Methylphenidate 36mg modified-release tablets', 'modified-release tablet', '36mg', 'tablet', 'oral', 2, false, NULL, '{methylphenidate,"methylphenidate hydrochloride",stimulant,stimulants}'),
    (99000941000001103, 'Lisdexamfetamine 30mg capsules', 'capsule', '30mg', 'capsule', 'oral', 2, false, NULL, '{lisdexamfetamine,"lisdexamfetamine dimesylate",dexamfetamine,amfetamine,amfetamines,amphetamine,amphetamines,stimulant,stimulants}'),
    (99000951000001100, 'Lisdexamfetamine 50mg capsules', 'capsule', '50mg', 'capsule', 'oral', 2, false, NULL, '{lisdexamfetamine,"lisdexamfetamine dimesylate",dexamfetamine,amfetamine,amfetamines,amphetamine,amphetamines,stimulant,stimulants}'),
    (99000961000001102, 'Atomoxetine 40mg capsules', 'capsule', '40mg', 'capsule', 'oral', NULL, false, NULL, '{atomoxetine}'),
    (99000971000001107, 'Atomoxetine 80mg capsules', 'capsule', '80mg', 'capsule', 'oral', NULL, false, NULL, '{atomoxetine}'),

    -- Epilepsy (critical: anti-epileptic)
    (99000981000001109, 'Sodium valproate 200mg gastro-resistant tablets', 'gastro-resistant tablet', '200mg', 'tablet', 'oral', NULL, false, 'anti_epileptic', '{"sodium valproate",valproate,"valproic acid",antiepileptic,antiepileptics,anticonvulsant,anticonvulsants}'),
    (99000991000001106, 'Sodium valproate 500mg gastro-resistant tablets', 'gastro-resistant tablet', '500mg', 'tablet', 'oral', NULL, false, 'anti_epileptic', '{"sodium valproate",valproate,"valproic acid",antiepileptic,antiepileptics,anticonvulsant,anticonvulsants}'),
    (99001001000001105, 'Sodium valproate 500mg modified-release tablets', 'modified-release tablet', '500mg', 'tablet', 'oral', NULL, false, 'anti_epileptic', '{"sodium valproate",valproate,"valproic acid",antiepileptic,antiepileptics,anticonvulsant,anticonvulsants}'),
    (99001011000001107, 'Levetiracetam 250mg tablets', 'tablet', '250mg', 'tablet', 'oral', NULL, false, 'anti_epileptic', '{levetiracetam,antiepileptic,antiepileptics,anticonvulsant,anticonvulsants}'),
    (99001021000001103, 'Levetiracetam 500mg tablets', 'tablet', '500mg', 'tablet', 'oral', NULL, false, 'anti_epileptic', '{levetiracetam,antiepileptic,antiepileptics,anticonvulsant,anticonvulsants}'),
    (99001031000001101, 'Levetiracetam 1g tablets', 'tablet', '1g', 'tablet', 'oral', NULL, false, 'anti_epileptic', '{levetiracetam,antiepileptic,antiepileptics,anticonvulsant,anticonvulsants}'),
    (99001041000001108, 'Lamotrigine 25mg tablets', 'tablet', '25mg', 'tablet', 'oral', NULL, false, 'anti_epileptic', '{lamotrigine,antiepileptic,antiepileptics,anticonvulsant,anticonvulsants,"aromatic anticonvulsant","aromatic anticonvulsants"}'),
    (99001051000001106, 'Lamotrigine 100mg tablets', 'tablet', '100mg', 'tablet', 'oral', NULL, false, 'anti_epileptic', '{lamotrigine,antiepileptic,antiepileptics,anticonvulsant,anticonvulsants,"aromatic anticonvulsant","aromatic anticonvulsants"}'),
    (99001061000001109, 'Lamotrigine 200mg tablets', 'tablet', '200mg', 'tablet', 'oral', NULL, false, 'anti_epileptic', '{lamotrigine,antiepileptic,antiepileptics,anticonvulsant,anticonvulsants,"aromatic anticonvulsant","aromatic anticonvulsants"}'),
    (99001071000001104, 'Carbamazepine 200mg tablets', 'tablet', '200mg', 'tablet', 'oral', NULL, false, 'anti_epileptic', '{carbamazepine,antiepileptic,antiepileptics,anticonvulsant,anticonvulsants,"aromatic anticonvulsant","aromatic anticonvulsants"}'),
    (99001081000001102, 'Carbamazepine 200mg modified-release tablets', 'modified-release tablet', '200mg', 'tablet', 'oral', NULL, false, 'anti_epileptic', '{carbamazepine,antiepileptic,antiepileptics,anticonvulsant,anticonvulsants,"aromatic anticonvulsant","aromatic anticonvulsants"}'),
    (99001091000001100, 'Carbamazepine 400mg modified-release tablets', 'modified-release tablet', '400mg', 'tablet', 'oral', NULL, false, 'anti_epileptic', '{carbamazepine,antiepileptic,antiepileptics,anticonvulsant,anticonvulsants,"aromatic anticonvulsant","aromatic anticonvulsants"}'),
    (99001101000001106, 'Phenytoin sodium 50mg capsules', 'capsule', '50mg', 'capsule', 'oral', NULL, false, 'anti_epileptic', '{phenytoin,"phenytoin sodium",antiepileptic,antiepileptics,anticonvulsant,anticonvulsants,"aromatic anticonvulsant","aromatic anticonvulsants"}'),
    (99001111000001108, 'Phenytoin sodium 100mg capsules', 'capsule', '100mg', 'capsule', 'oral', NULL, false, 'anti_epileptic', '{phenytoin,"phenytoin sodium",antiepileptic,antiepileptics,anticonvulsant,anticonvulsants,"aromatic anticonvulsant","aromatic anticonvulsants"}'),
    (99001121000001104, 'Topiramate 25mg tablets', 'tablet', '25mg', 'tablet', 'oral', NULL, false, 'anti_epileptic', '{topiramate,antiepileptic,antiepileptics,anticonvulsant,anticonvulsants}'),
    (99001131000001102, 'Topiramate 50mg tablets', 'tablet', '50mg', 'tablet', 'oral', NULL, false, 'anti_epileptic', '{topiramate,antiepileptic,antiepileptics,anticonvulsant,anticonvulsants}'),
    (99001141000001109, 'Clobazam 10mg tablets', 'tablet', '10mg', 'tablet', 'oral', 4, false, 'anti_epileptic', '{clobazam,benzodiazepine,benzodiazepines,antiepileptic,antiepileptics,anticonvulsant,anticonvulsants}'),
    (99001151000001107, 'Clonazepam 500microgram tablets', 'tablet', '500micrograms', 'tablet', 'oral', 4, false, 'anti_epileptic', '{clonazepam,benzodiazepine,benzodiazepines,antiepileptic,antiepileptics,anticonvulsant,anticonvulsants}'),
    (99001161000001105, 'Midazolam 5mg/1ml oromucosal solution pre-filled oral syringes', 'oromucosal solution', '5mg/1ml', 'syringe', 'buccal', 3, false, 'anti_epileptic', '{midazolam,benzodiazepine,benzodiazepines}'),
    (99001171000001100, 'Midazolam 10mg/2ml oromucosal solution pre-filled oral syringes', 'oromucosal solution', '10mg/2ml', 'syringe', 'buccal', 3, false, 'anti_epileptic', '{midazolam,benzodiazepine,benzodiazepines}'),

    -- Diabetes: insulins (critical) and other glucose-lowering medicines
    (99001181000001103, 'Insulin glargine 100units/ml solution for injection 3ml pre-filled disposable devices', 'injection', '100units/ml', 'unit', 'subcutaneous', NULL, false, 'insulin', '{"insulin glargine",insulin,insulins}'),
    (99001191000001101, 'Insulin glargine 300units/ml solution for injection 1.5ml pre-filled disposable devices', 'injection', '300units/ml', 'unit', 'subcutaneous', NULL, false, 'insulin', '{"insulin glargine",insulin,insulins}'),
    (99001201000001104, 'Insulin detemir 100units/ml solution for injection 3ml pre-filled disposable devices', 'injection', '100units/ml', 'unit', 'subcutaneous', NULL, false, 'insulin', '{"insulin detemir",insulin,insulins}'),
    (99001211000001102, 'Insulin aspart 100units/ml solution for injection 3ml pre-filled disposable devices', 'injection', '100units/ml', 'unit', 'subcutaneous', NULL, false, 'insulin', '{"insulin aspart",insulin,insulins}'),
    (99001221000001106, 'Insulin lispro 100units/ml solution for injection 3ml pre-filled disposable devices', 'injection', '100units/ml', 'unit', 'subcutaneous', NULL, false, 'insulin', '{"insulin lispro",insulin,insulins}'),
    (99001231000001108, 'Isophane insulin human 100units/ml suspension for injection 3ml pre-filled disposable devices', 'suspension for injection', '100units/ml', 'unit', 'subcutaneous', NULL, false, 'insulin', '{"isophane insulin","insulin isophane","human insulin","insulin human",insulin,insulins}'),
    (99001241000001101, 'Biphasic isophane insulin human 30/70 100units/ml suspension for injection 3ml cartridges', 'suspension for injection', '100units/ml', 'unit', 'subcutaneous', NULL, false, 'insulin', '{"biphasic isophane insulin","human insulin","insulin human",insulin,insulins}'),
    (99001251000001103, 'Biphasic insulin aspart 30/70 100units/ml suspension for injection 3ml pre-filled disposable devices', 'suspension for injection', '100units/ml', 'unit', 'subcutaneous', NULL, false, 'insulin', '{"biphasic insulin aspart","insulin aspart",insulin,insulins}'),
    (325278007, 'Metformin 500mg tablets', 'tablet', '500mg', 'tablet', 'oral', NULL, false, NULL, '{metformin,"metformin hydrochloride",biguanide,biguanides}'),  -- dm+d VMP id
    (99001261000001100, 'Metformin 850mg tablets', 'tablet', '850mg', 'tablet', 'oral', NULL, false, NULL, '{metformin,"metformin hydrochloride",biguanide,biguanides}'),
    (99001271000001105, 'Metformin 500mg modified-release tablets', 'modified-release tablet', '500mg', 'tablet', 'oral', NULL, false, NULL, '{metformin,"metformin hydrochloride",biguanide,biguanides}'),
    (99001281000001107, 'Gliclazide 80mg tablets', 'tablet', '80mg', 'tablet', 'oral', NULL, false, NULL, '{gliclazide,sulfonylurea,sulfonylureas,sulphonylurea,sulphonylureas}'),
    (99001291000001109, 'Gliclazide 30mg modified-release tablets', 'modified-release tablet', '30mg', 'tablet', 'oral', NULL, false, NULL, '{gliclazide,sulfonylurea,sulfonylureas,sulphonylurea,sulphonylureas}'),
    (99001301000001108, 'Sitagliptin 100mg tablets', 'tablet', '100mg', 'tablet', 'oral', NULL, false, NULL, '{sitagliptin,"dpp-4 inhibitor","dpp-4 inhibitors",gliptin,gliptins}'),
    (99001311000001105, 'Empagliflozin 10mg tablets', 'tablet', '10mg', 'tablet', 'oral', NULL, false, NULL, '{empagliflozin,"sglt2 inhibitor","sglt2 inhibitors",gliflozin,gliflozins}'),
    (99001321000001101, 'Dapagliflozin 10mg tablets', 'tablet', '10mg', 'tablet', 'oral', NULL, false, NULL, '{dapagliflozin,"sglt2 inhibitor","sglt2 inhibitors",gliflozin,gliflozins}'),
    (99001331000001104, 'Glucose 40% oral gel', 'oral gel', '40%', 'tube', 'oral', NULL, false, NULL, '{glucose,dextrose}'),
    (99001341000001106, 'Glucagon 1mg powder and solvent for solution for injection pre-filled syringes', 'injection', '1mg', 'injection', 'intramuscular', NULL, false, NULL, '{glucagon}'),

    -- Anticoagulants (critical)
    (99001351000001109, 'Warfarin 1mg tablets', 'tablet', '1mg', 'tablet', 'oral', NULL, false, 'anticoagulant', '{warfarin,"warfarin sodium",coumarin,coumarins,"vitamin k antagonist","vitamin k antagonists",anticoagulant,anticoagulants}'),
    (99001361000001107, 'Warfarin 3mg tablets', 'tablet', '3mg', 'tablet', 'oral', NULL, false, 'anticoagulant', '{warfarin,"warfarin sodium",coumarin,coumarins,"vitamin k antagonist","vitamin k antagonists",anticoagulant,anticoagulants}'),
    (99001371000001102, 'Warfarin 5mg tablets', 'tablet', '5mg', 'tablet', 'oral', NULL, false, 'anticoagulant', '{warfarin,"warfarin sodium",coumarin,coumarins,"vitamin k antagonist","vitamin k antagonists",anticoagulant,anticoagulants}'),
    (99001381000001100, 'Apixaban 2.5mg tablets', 'tablet', '2.5mg', 'tablet', 'oral', NULL, false, 'anticoagulant', '{apixaban,"direct oral anticoagulant","direct oral anticoagulants",doac,doacs,anticoagulant,anticoagulants}'),
    (99001391000001103, 'Apixaban 5mg tablets', 'tablet', '5mg', 'tablet', 'oral', NULL, false, 'anticoagulant', '{apixaban,"direct oral anticoagulant","direct oral anticoagulants",doac,doacs,anticoagulant,anticoagulants}'),
    (99001401000001100, 'Rivaroxaban 10mg tablets', 'tablet', '10mg', 'tablet', 'oral', NULL, false, 'anticoagulant', '{rivaroxaban,"direct oral anticoagulant","direct oral anticoagulants",doac,doacs,anticoagulant,anticoagulants}'),
    (99001411000001103, 'Rivaroxaban 15mg tablets', 'tablet', '15mg', 'tablet', 'oral', NULL, false, 'anticoagulant', '{rivaroxaban,"direct oral anticoagulant","direct oral anticoagulants",doac,doacs,anticoagulant,anticoagulants}'),
    (99001421000001107, 'Rivaroxaban 20mg tablets', 'tablet', '20mg', 'tablet', 'oral', NULL, false, 'anticoagulant', '{rivaroxaban,"direct oral anticoagulant","direct oral anticoagulants",doac,doacs,anticoagulant,anticoagulants}'),
    (99001431000001109, 'Edoxaban 30mg tablets', 'tablet', '30mg', 'tablet', 'oral', NULL, false, 'anticoagulant', '{edoxaban,"direct oral anticoagulant","direct oral anticoagulants",doac,doacs,anticoagulant,anticoagulants}'),
    (99001441000001102, 'Edoxaban 60mg tablets', 'tablet', '60mg', 'tablet', 'oral', NULL, false, 'anticoagulant', '{edoxaban,"direct oral anticoagulant","direct oral anticoagulants",doac,doacs,anticoagulant,anticoagulants}'),
    (99001451000001104, 'Dalteparin sodium 5,000units/0.2ml solution for injection pre-filled syringes', 'injection', '5,000units/0.2ml', 'injection', 'subcutaneous', NULL, false, 'anticoagulant', '{dalteparin,"dalteparin sodium",heparin,heparins,"low molecular weight heparin","low molecular weight heparins",lmwh,anticoagulant,anticoagulants}'),
    (99001461000001101, 'Enoxaparin sodium 40mg/0.4ml solution for injection pre-filled syringes', 'injection', '40mg/0.4ml', 'injection', 'subcutaneous', NULL, false, 'anticoagulant', '{enoxaparin,"enoxaparin sodium",heparin,heparins,"low molecular weight heparin","low molecular weight heparins",lmwh,anticoagulant,anticoagulants}'),
    (99001471000001106, 'Enoxaparin sodium 80mg/0.8ml solution for injection pre-filled syringes', 'injection', '80mg/0.8ml', 'injection', 'subcutaneous', NULL, false, 'anticoagulant', '{enoxaparin,"enoxaparin sodium",heparin,heparins,"low molecular weight heparin","low molecular weight heparins",lmwh,anticoagulant,anticoagulants}'),

    -- HIV antiretrovirals (critical) and hepatitis B
    (99001481000001108, 'Bictegravir 50mg / Emtricitabine 200mg / Tenofovir alafenamide 25mg tablets', 'tablet', '50mg/200mg/25mg', 'tablet', 'oral', NULL, false, 'hiv', '{bictegravir,emtricitabine,tenofovir,"tenofovir alafenamide","integrase inhibitor","integrase inhibitors",nrti,nrtis,"nucleoside reverse transcriptase inhibitor","nucleoside reverse transcriptase inhibitors"}'),
    (99001491000001105, 'Dolutegravir 50mg tablets', 'tablet', '50mg', 'tablet', 'oral', NULL, false, 'hiv', '{dolutegravir,"integrase inhibitor","integrase inhibitors"}'),
    (99001501000001101, 'Abacavir 600mg / Dolutegravir 50mg / Lamivudine 300mg tablets', 'tablet', '600mg/50mg/300mg', 'tablet', 'oral', NULL, false, 'hiv', '{abacavir,dolutegravir,lamivudine,"integrase inhibitor","integrase inhibitors",nrti,nrtis,"nucleoside reverse transcriptase inhibitor","nucleoside reverse transcriptase inhibitors"}'),
    (99001511000001104, 'Dolutegravir 50mg / Lamivudine 300mg tablets', 'tablet', '50mg/300mg', 'tablet', 'oral', NULL, false, 'hiv', '{dolutegravir,lamivudine,"integrase inhibitor","integrase inhibitors",nrti,nrtis,"nucleoside reverse transcriptase inhibitor","nucleoside reverse transcriptase inhibitors"}'),
    (99001521000001108, 'Emtricitabine 200mg / Tenofovir disoproxil 245mg tablets', 'tablet', '200mg/245mg', 'tablet', 'oral', NULL, false, 'hiv', '{emtricitabine,tenofovir,"tenofovir disoproxil",nrti,nrtis,"nucleoside reverse transcriptase inhibitor","nucleoside reverse transcriptase inhibitors"}'),
    (99001531000001105, 'Emtricitabine 200mg / Tenofovir alafenamide 25mg tablets', 'tablet', '200mg/25mg', 'tablet', 'oral', NULL, false, 'hiv', '{emtricitabine,tenofovir,"tenofovir alafenamide",nrti,nrtis,"nucleoside reverse transcriptase inhibitor","nucleoside reverse transcriptase inhibitors"}'),
    (99001541000001103, 'Efavirenz 600mg / Emtricitabine 200mg / Tenofovir disoproxil 245mg tablets', 'tablet', '600mg/200mg/245mg', 'tablet', 'oral', NULL, false, 'hiv', '{efavirenz,emtricitabine,tenofovir,"tenofovir disoproxil",nnrti,nnrtis,"non-nucleoside reverse transcriptase inhibitor","non-nucleoside reverse transcriptase inhibitors",nrti,nrtis,"nucleoside reverse transcriptase inhibitor","nucleoside reverse transcriptase inhibitors"}'),
    (99001551000001100, 'Darunavir 800mg tablets', 'tablet', '800mg', 'tablet', 'oral', NULL, false, 'hiv', '{darunavir,"protease inhibitor","protease inhibitors"}'),
    (99001561000001102, 'Cobicistat 150mg / Darunavir 800mg tablets', 'tablet', '150mg/800mg', 'tablet', 'oral', NULL, false, 'hiv', '{cobicistat,darunavir,"protease inhibitor","protease inhibitors"}'),
    (99001571000001107, 'Ritonavir 100mg tablets', 'tablet', '100mg', 'tablet', 'oral', NULL, false, 'hiv', '{ritonavir,"protease inhibitor","protease inhibitors"}'),
    (99001581000001109, 'Raltegravir 400mg tablets', 'tablet', '400mg', 'tablet', 'oral', NULL, false, 'hiv', '{raltegravir,"integrase inhibitor","integrase inhibitors"}'),
    (99001591000001106, 'Tenofovir disoproxil 245mg tablets', 'tablet', '245mg', 'tablet', 'oral', NULL, false, 'hiv', '{tenofovir,"tenofovir disoproxil",nrti,nrtis,"nucleoside reverse transcriptase inhibitor","nucleoside reverse transcriptase inhibitors"}'),
    (99001601000001102, 'Entecavir 500microgram tablets', 'tablet', '500micrograms', 'tablet', 'oral', NULL, false, NULL, '{entecavir}'),

    -- Hepatitis C
    (99001611000001100, 'Sofosbuvir 400mg / Velpatasvir 100mg tablets', 'tablet', '400mg/100mg', 'tablet', 'oral', NULL, false, NULL, '{sofosbuvir,velpatasvir}'),
    (99001621000001109, 'Glecaprevir 100mg / Pibrentasvir 40mg tablets', 'tablet', '100mg/40mg', 'tablet', 'oral', NULL, false, NULL, '{glecaprevir,pibrentasvir}'),

    -- Cardiovascular
    (319283006, 'Amlodipine 5mg tablets', 'tablet', '5mg', 'tablet', 'oral', NULL, false, NULL, '{amlodipine,"amlodipine besilate","calcium channel blocker","calcium channel blockers"}'),  -- dm+d VMP id
    (319284000, 'Amlodipine 10mg tablets', 'tablet', '10mg', 'tablet', 'oral', NULL, false, NULL, '{amlodipine,"amlodipine besilate","calcium channel blocker","calcium channel blockers"}'),  -- dm+d VMP id
    (318902004, 'Ramipril 5mg capsules', 'capsule', '5mg', 'capsule', 'oral', NULL, false, NULL, '{ramipril,"ace inhibitor","ace inhibitors"}'),  -- dm+d VMP id
    (99001631000001106, 'Ramipril 10mg capsules', 'capsule', '10mg', 'capsule', 'oral', NULL, false, NULL, '{ramipril,"ace inhibitor","ace inhibitors"}'),
    (99001641000001104, 'Lisinopril 10mg tablets', 'tablet', '10mg', 'tablet', 'oral', NULL, false, NULL, '{lisinopril,"ace inhibitor","ace inhibitors"}'),
    (99001651000001101, 'Losartan 50mg tablets', 'tablet', '50mg', 'tablet', 'oral', NULL, false, NULL, '{losartan,"losartan potassium","angiotensin ii receptor antagonist","angiotensin ii receptor antagonists",arb,arbs}'),
    (99001661000001103, 'Bisoprolol 5mg tablets', 'tablet', '5mg', 'tablet', 'oral', NULL, false, NULL, '{bisoprolol,"bisoprolol fumarate",beta-blocker,beta-blockers,"beta blocker","beta blockers"}'),
    (318591005, 'Bisoprolol 10mg tablets', 'tablet', '10mg', 'tablet', 'oral', NULL, false, NULL, '{bisoprolol,"bisoprolol fumarate",beta-blocker,beta-blockers,"beta blocker","beta blockers"}'),  -- dm+d VMP id
    (99001671000001108, 'Atenolol 50mg tablets', 'tablet', '50mg', 'tablet', 'oral', NULL, false, NULL, '{atenolol,beta-blocker,beta-blockers,"beta blocker","beta blockers"}'),
    (99001681000001105, 'Propranolol 10mg tablets', 'tablet', '10mg', 'tablet', 'oral', NULL, false, NULL, '{propranolol,"propranolol hydrochloride",beta-blocker,beta-blockers,"beta blocker","beta blockers"}'),
    (99001691000001107, 'Propranolol 40mg tablets', 'tablet', '40mg', 'tablet', 'oral', NULL, false, NULL, '{propranolol,"propranolol hydrochloride",beta-blocker,beta-blockers,"beta blocker","beta blockers"}'),
    (99001701000001107, 'Atorvastatin 20mg tablets', 'tablet', '20mg', 'tablet', 'oral', NULL, false, NULL, '{atorvastatin,statin,statins}'),
    (99001711000001109, 'Atorvastatin 40mg tablets', 'tablet', '40mg', 'tablet', 'oral', NULL, false, NULL, '{atorvastatin,statin,statins}'),
    (99001721000001100, 'Atorvastatin 80mg tablets', 'tablet', '80mg', 'tablet', 'oral', NULL, false, NULL, '{atorvastatin,statin,statins}'),
    (99001731000001103, 'Simvastatin 20mg tablets', 'tablet', '20mg', 'tablet', 'oral', NULL, false, NULL, '{simvastatin,statin,statins}'),
    (320000009, 'Simvastatin 40mg tablets', 'tablet', '40mg', 'tablet', 'oral', NULL, false, NULL, '{simvastatin,statin,statins}'),  -- dm+d VMP id
    (319773006, 'Aspirin 75mg dispersible tablets', 'dispersible tablet', '75mg', 'tablet', 'oral', NULL, false, NULL, '{aspirin,"acetylsalicylic acid",salicylate,salicylates,nsaid,nsaids,"non-steroidal anti-inflammatory","non-steroidal anti-inflammatories"}'),  -- dm+d VMP id
    (99001741000001105, 'Clopidogrel 75mg tablets', 'tablet', '75mg', 'tablet', 'oral', NULL, false, NULL, '{clopidogrel,antiplatelet,antiplatelets}'),
    (317971007, 'Furosemide 20mg tablets', 'tablet', '20mg', 'tablet', 'oral', NULL, false, NULL, '{furosemide,frusemide,"loop diuretic","loop diuretics"}'),  -- dm+d VMP id
    (317972000, 'Furosemide 40mg tablets', 'tablet', '40mg', 'tablet', 'oral', NULL, false, NULL, '{furosemide,frusemide,"loop diuretic","loop diuretics"}'),  -- dm+d VMP id
    (99001751000001108, 'Bendroflumethiazide 2.5mg tablets', 'tablet', '2.5mg', 'tablet', 'oral', NULL, false, NULL, '{bendroflumethiazide,bendrofluazide,thiazide,thiazides,"thiazide diuretic","thiazide diuretics"}'),
    (99001761000001106, 'Glyceryl trinitrate 400micrograms/dose pump sublingual spray', 'sublingual spray', '400micrograms/dose', 'spray', 'sublingual', NULL, false, NULL, '{"glyceryl trinitrate",gtn,nitroglycerin,nitrates}'),

    -- Respiratory (inhalers counted in puffs)
    (39113611000001102, 'Salbutamol 100micrograms/dose inhaler CFC free', 'inhaler', '100micrograms/dose', 'puff', 'inhaled', NULL, false, NULL, '{salbutamol,albuterol,"beta2 agonist","beta2 agonists","beta-2 agonist","beta-2 agonists"}'),  -- dm+d VMP id
    (9207411000001106, 'Salbutamol 100micrograms/dose dry powder inhaler', 'dry powder inhaler', '100micrograms/dose', 'puff', 'inhaled', NULL, false, NULL, '{salbutamol,albuterol,"beta2 agonist","beta2 agonists","beta-2 agonist","beta-2 agonists"}'),  -- dm+d VMP id
    (35909611000001106, 'Beclometasone 50micrograms/dose inhaler CFC free', 'inhaler', '50micrograms/dose', 'puff', 'inhaled', NULL, false, NULL, '{beclometasone,"beclometasone dipropionate",beclomethasone,"inhaled corticosteroid","inhaled corticosteroids",corticosteroid,corticosteroids}'),  -- dm+d VMP id
    (99001771000001101, 'Beclometasone 100micrograms/dose inhaler CFC free', 'inhaler', '100micrograms/dose', 'puff', 'inhaled', NULL, false, NULL, '{beclometasone,"beclometasone dipropionate",beclomethasone,"inhaled corticosteroid","inhaled corticosteroids",corticosteroid,corticosteroids}'),
    (99001781000001104, 'Beclometasone 100micrograms/dose / Formoterol 6micrograms/dose inhaler CFC free', 'inhaler', '100micrograms/6micrograms/dose', 'puff', 'inhaled', NULL, false, NULL, '{beclometasone,"beclometasone dipropionate",beclomethasone,"inhaled corticosteroid","inhaled corticosteroids",corticosteroid,corticosteroids,formoterol,"formoterol fumarate","beta2 agonist","beta2 agonists","beta-2 agonist","beta-2 agonists"}'),
    (99001791000001102, 'Budesonide 200micrograms/dose / Formoterol 6micrograms/dose dry powder inhaler', 'dry powder inhaler', '200micrograms/6micrograms/dose', 'puff', 'inhaled', NULL, false, NULL, '{budesonide,"inhaled corticosteroid","inhaled corticosteroids",corticosteroid,corticosteroids,formoterol,"formoterol fumarate","beta2 agonist","beta2 agonists","beta-2 agonist","beta-2 agonists"}'),
    (99001801000001103, 'Budesonide 400micrograms/dose / Formoterol 12micrograms/dose dry powder inhaler', 'dry powder inhaler', '400micrograms/12micrograms/dose', 'puff', 'inhaled', NULL, false, NULL, '{budesonide,"inhaled corticosteroid","inhaled corticosteroids",corticosteroid,corticosteroids,formoterol,"formoterol fumarate","beta2 agonist","beta2 agonists","beta-2 agonist","beta-2 agonists"}'),
    (99001811000001101, 'Tiotropium 18microgram inhalation powder capsules', 'inhalation powder capsule', '18micrograms', 'capsule', 'inhaled', NULL, false, NULL, '{tiotropium,"tiotropium bromide",antimuscarinic,antimuscarinics}'),
    (99001821000001105, 'Tiotropium 2.5micrograms/dose solution for inhalation cartridge with device', 'inhaler', '2.5micrograms/dose', 'puff', 'inhaled', NULL, false, NULL, '{tiotropium,"tiotropium bromide",antimuscarinic,antimuscarinics}'),
    (99001831000001107, 'Montelukast 10mg tablets', 'tablet', '10mg', 'tablet', 'oral', NULL, false, NULL, '{montelukast,"leukotriene receptor antagonist","leukotriene receptor antagonists"}'),
    (325427002, 'Prednisolone 5mg tablets', 'tablet', '5mg', 'tablet', 'oral', NULL, false, NULL, '{prednisolone,corticosteroid,corticosteroids}'),  -- dm+d VMP id

    -- Antibacterials, antifungals and antivirals
    (323509004, 'Amoxicillin 250mg capsules', 'capsule', '250mg', 'capsule', 'oral', NULL, false, NULL, '{amoxicillin,amoxycillin,penicillin,penicillins,beta-lactam,beta-lactams}'),  -- dm+d VMP id
    (323510009, 'Amoxicillin 500mg capsules', 'capsule', '500mg', 'capsule', 'oral', NULL, false, NULL, '{amoxicillin,amoxycillin,penicillin,penicillins,beta-lactam,beta-lactams}'),  -- dm+d VMP id
    (323465006, 'Flucloxacillin 500mg capsules', 'capsule', '500mg', 'capsule', 'oral', NULL, false, NULL, '{flucloxacillin,penicillin,penicillins,beta-lactam,beta-lactams}'),  -- dm+d VMP id
    (323416001, 'Phenoxymethylpenicillin 250mg tablets', 'tablet', '250mg', 'tablet', 'oral', NULL, false, NULL, '{phenoxymethylpenicillin,"penicillin v",penicillin,penicillins,beta-lactam,beta-lactams}'),  -- dm+d VMP id
    (99001841000001100, 'Co-amoxiclav 500mg/125mg tablets', 'tablet', '500mg/125mg', 'tablet', 'oral', NULL, false, NULL, '{co-amoxiclav,amoxicillin,"clavulanic acid",clavulanate,penicillin,penicillins,beta-lactam,beta-lactams}'),
    (41946511000001109, 'Clarithromycin 500mg tablets', 'tablet', '500mg', 'tablet', 'oral', NULL, false, NULL, '{clarithromycin,macrolide,macrolides}'),  -- dm+d VMP id
    (99001851000001102, 'Erythromycin 250mg gastro-resistant tablets', 'gastro-resistant tablet', '250mg', 'tablet', 'oral', NULL, false, NULL, '{erythromycin,macrolide,macrolides}'),
    (324252006, 'Azithromycin 250mg capsules', 'capsule', '250mg', 'capsule', 'oral', NULL, false, NULL, '{azithromycin,macrolide,macrolides}'),  -- dm+d VMP id
    (99001861000001104, 'Azithromycin 500mg tablets', 'tablet', '500mg', 'tablet', 'oral', NULL, false, NULL, '{azithromycin,macrolide,macrolides}'),
    (41948311000001104, 'Doxycycline 100mg capsules', 'capsule', '100mg', 'capsule', 'oral', NULL, false, NULL, '{doxycycline,tetracycline,tetracyclines}'),  -- dm+d VMP id
    (99001871000001109, 'Lymecycline 408mg capsules', 'capsule', '408mg', 'capsule', 'oral', NULL, false, NULL, '{lymecycline,tetracycline,tetracyclines}'),
    (99001881000001106, 'Metronidazole 400mg tablets', 'tablet', '400mg', 'tablet', 'oral', NULL, false, NULL, '{metronidazole,nitroimidazole,nitroimidazoles}'),
    (99001891000001108, 'Nitrofurantoin 100mg modified-release capsules', 'modified-release capsule', '100mg', 'capsule', 'oral', NULL, false, NULL, '{nitrofurantoin}'),
    (99001901000001109, 'Trimethoprim 200mg tablets', 'tablet', '200mg', 'tablet', 'oral', NULL, false, NULL, '{trimethoprim}'),
    (99001911000001106, 'Cefalexin 500mg capsules', 'capsule', '500mg', 'capsule', 'oral', NULL, false, NULL, '{cefalexin,cephalexin,cephalosporin,cephalosporins,beta-lactam,beta-lactams}'),
    (39687811000001107, 'Ciprofloxacin 500mg tablets', 'tablet', '500mg', 'tablet', 'oral', NULL, false, NULL, '{ciprofloxacin,quinolone,quinolones,fluoroquinolone,fluoroquinolones}'),  -- dm+d VMP id
    (99001921000001102, 'Co-trimoxazole 160mg/800mg tablets', 'tablet', '160mg/800mg', 'tablet', 'oral', NULL, false, NULL, '{co-trimoxazole,trimethoprim,sulfamethoxazole,sulphamethoxazole,sulfonamide,sulfonamides,sulphonamide,sulphonamides,sulpha,sulfa}'),
    (99001931000001100, 'Fluconazole 150mg capsules', 'capsule', '150mg', 'capsule', 'oral', NULL, false, NULL, '{fluconazole,"azole antifungal","azole antifungals",triazole,triazoles}'),
    (99001941000001107, 'Aciclovir 400mg tablets', 'tablet', '400mg', 'tablet', 'oral', NULL, false, NULL, '{aciclovir,acyclovir}'),

    -- Tuberculosis
    (99001951000001105, 'Rifampicin 150mg / Isoniazid 100mg tablets', 'tablet', '150mg/100mg', 'tablet', 'oral', NULL, false, NULL, '{rifampicin,rifampin,isoniazid,rifamycin,rifamycins}'),
    (99001961000001108, 'Rifampicin 300mg / Isoniazid 150mg tablets', 'tablet', '300mg/150mg', 'tablet', 'oral', NULL, false, NULL, '{rifampicin,rifampin,isoniazid,rifamycin,rifamycins}'),
    (99001971000001103, 'Rifampicin 120mg / Isoniazid 50mg / Pyrazinamide 300mg tablets', 'tablet', '120mg/50mg/300mg', 'tablet', 'oral', NULL, false, NULL, '{rifampicin,rifampin,isoniazid,pyrazinamide,rifamycin,rifamycins}'),
    (99001981000001101, 'Pyrazinamide 500mg tablets', 'tablet', '500mg', 'tablet', 'oral', NULL, false, NULL, '{pyrazinamide}'),
    (99001991000001104, 'Ethambutol 400mg tablets', 'tablet', '400mg', 'tablet', 'oral', NULL, false, NULL, '{ethambutol,"ethambutol hydrochloride"}'),
    (99002001000001101, 'Pyridoxine 10mg tablets', 'tablet', '10mg', 'tablet', 'oral', NULL, false, NULL, '{pyridoxine,"vitamin b6"}'),

    -- Gastrointestinal
    (317297007, 'Omeprazole 10mg gastro-resistant capsules', 'gastro-resistant capsule', '10mg', 'capsule', 'oral', NULL, false, NULL, '{omeprazole,"proton pump inhibitor","proton pump inhibitors",ppi,ppis}'),  -- dm+d VMP id
    (99002011000001104, 'Omeprazole 20mg gastro-resistant capsules', 'gastro-resistant capsule', '20mg', 'capsule', 'oral', NULL, false, NULL, '{omeprazole,"proton pump inhibitor","proton pump inhibitors",ppi,ppis}'),
    (99002021000001108, 'Lansoprazole 30mg gastro-resistant capsules', 'gastro-resistant capsule', '30mg', 'capsule', 'oral', NULL, false, NULL, '{lansoprazole,"proton pump inhibitor","proton pump inhibitors",ppi,ppis}'),
    (99002031000001105, 'Famotidine 20mg tablets', 'tablet', '20mg', 'tablet', 'oral', NULL, false, NULL, '{famotidine,"h2 receptor antagonist","h2 receptor antagonists","h2 antagonist","h2 antagonists"}'),
    (99002041000001103, 'Sodium alginate 500mg/5ml / Potassium bicarbonate 100mg/5ml oral suspension sugar free', 'oral suspension', '500mg/100mg/5ml', 'ml', 'oral', NULL, false, NULL, '{"sodium alginate",alginate,alginates,"potassium bicarbonate"}'),
    (99002051000001100, 'Sodium alginate 250mg/5ml / Sodium bicarbonate 133.5mg/5ml / Calcium carbonate 80mg/5ml oral suspension', 'oral suspension', '250mg/133.5mg/80mg/5ml', 'ml', 'oral', NULL, false, NULL, '{"sodium alginate",alginate,alginates,"sodium bicarbonate","calcium carbonate"}'),
    (99002061000001102, 'Lactulose 3.1-3.7g/5ml oral solution', 'oral solution', '3.1-3.7g/5ml', 'ml', 'oral', NULL, false, NULL, '{lactulose}'),
    (99002071000001107, 'Senna 7.5mg tablets', 'tablet', '7.5mg', 'tablet', 'oral', NULL, false, NULL, '{senna,sennosides}'),
    (99002081000001109, 'Macrogol compound oral powder sachets NPF sugar free', 'sachet', '', 'sachet', 'oral', NULL, false, NULL, '{macrogol,macrogols,"polyethylene glycol",peg}'),
    (317378005, 'Loperamide 2mg capsules', 'capsule', '2mg', 'capsule', 'oral', NULL, false, NULL, '{loperamide,"loperamide hydrochloride"}'),  -- dm+d VMP id
    (99002091000001106, 'Mebeverine 135mg tablets', 'tablet', '135mg', 'tablet', 'oral', NULL, false, NULL, '{mebeverine,"mebeverine hydrochloride"}'),
    (99002101000001100, 'Hyoscine butylbromide 10mg tablets', 'tablet', '10mg', 'tablet', 'oral', NULL, false, NULL, '{hyoscine,"hyoscine butylbromide",antimuscarinic,antimuscarinics}'),
    (99002111000001103, 'Metoclopramide 10mg tablets', 'tablet', '10mg', 'tablet', 'oral', NULL, false, NULL, '{metoclopramide,"metoclopramide hydrochloride"}'),
    (99002121000001107, 'Ondansetron 4mg tablets', 'tablet', '4mg', 'tablet', 'oral', NULL, false, NULL, '{ondansetron,"5-ht3 antagonist","5-ht3 antagonists"}'),
    (99002131000001109, 'Cyclizine 50mg tablets', 'tablet', '50mg', 'tablet', 'oral', NULL, false, NULL, '{cyclizine,"cyclizine hydrochloride",antihistamine,antihistamines}'),
    (99002141000001102, 'Prochlorperazine maleate 5mg tablets', 'tablet', '5mg', 'tablet', 'oral', NULL, false, NULL, '{prochlorperazine,"prochlorperazine maleate",phenothiazine,phenothiazines}'),

    -- Antihistamines and allergy
    (99002151000001104, 'Cetirizine 10mg tablets', 'tablet', '10mg', 'tablet', 'oral', NULL, false, NULL, '{cetirizine,"cetirizine hydrochloride",antihistamine,antihistamines}'),
    (99002161000001101, 'Loratadine 10mg tablets', 'tablet', '10mg', 'tablet', 'oral', NULL, false, NULL, '{loratadine,antihistamine,antihistamines}'),
    (99002171000001106, 'Chlorphenamine 4mg tablets', 'tablet', '4mg', 'tablet', 'oral', NULL, false, NULL, '{chlorphenamine,chlorpheniramine,"chlorphenamine maleate",antihistamine,antihistamines}'),
    (99002181000001108, 'Fexofenadine 120mg tablets', 'tablet', '120mg', 'tablet', 'oral', NULL, false, NULL, '{fexofenadine,"fexofenadine hydrochloride",antihistamine,antihistamines}'),
    (39111911000001107, 'Beclometasone 50micrograms/dose nasal spray', 'nasal spray', '50micrograms/dose', 'spray', 'nasal', NULL, false, NULL, '{beclometasone,"beclometasone dipropionate",beclomethasone,corticosteroid,corticosteroids}'),  -- dm+d VMP id
    (99002191000001105, 'Adrenaline (epinephrine) 300micrograms/0.3ml (1 in 1,000) solution for injection auto-injectors', 'injection', '300micrograms/0.3ml', 'injection', 'intramuscular', NULL, false, NULL, '{adrenaline,epinephrine}'),

    -- Skin
    (99002201000001107, 'Emulsifying ointment', 'ointment', '', 'application', 'topical', NULL, false, NULL, '{"emulsifying ointment","emulsifying wax",paraffin,"liquid paraffin","white soft paraffin",emollient,emollients}'),
    (99002211000001109, 'Liquid paraffin 50% / White soft paraffin 50% ointment', 'ointment', '', 'application', 'topical', NULL, false, NULL, '{paraffin,"liquid paraffin","white soft paraffin",emollient,emollients}'),
    (99002221000001100, 'Liquid paraffin 6% / White soft paraffin 15% cream', 'cream', '', 'application', 'topical', NULL, false, NULL, '{paraffin,"liquid paraffin","white soft paraffin","cetostearyl alcohol",emollient,emollients}'),
    (99002231000001103, 'Light liquid paraffin 12.6% / White soft paraffin 14.5% / Wool fat 1% cream', 'cream', '', 'application', 'topical', NULL, false, NULL, '{paraffin,"liquid paraffin","white soft paraffin","light liquid paraffin","wool fat",lanolin,"cetyl alcohol",emollient,emollients}'),
    (99002241000001105, 'Hydrocortisone 1% cream', 'cream', '1%', 'application', 'topical', NULL, false, NULL, '{hydrocortisone,corticosteroid,corticosteroids}'),
    (99002251000001108, 'Clobetasone butyrate 0.05% cream', 'cream', '0.05%', 'application', 'topical', NULL, false, NULL, '{clobetasone,"clobetasone butyrate",corticosteroid,corticosteroids}'),
    (374372000, 'Betamethasone valerate 0.1% cream', 'cream', '0.1%', 'application', 'topical', NULL, false, NULL, '{betamethasone,"betamethasone valerate",corticosteroid,corticosteroids}'),  -- dm+d VMP id
    (99002261000001106, 'Clotrimazole 1% cream', 'cream', '1%', 'application', 'topical', NULL, false, NULL, '{clotrimazole,"azole antifungal","azole antifungals",imidazole,imidazoles}'),
    (99002271000001101, 'Terbinafine 1% cream', 'cream', '1%', 'application', 'topical', NULL, false, NULL, '{terbinafine,"terbinafine hydrochloride","allylamine antifungal","allylamine antifungals"}'),
    (99002281000001104, 'Ketoconazole 2% shampoo', 'shampoo', '2%', 'application', 'topical', NULL, false, NULL, '{ketoconazole,"azole antifungal","azole antifungals",imidazole,imidazoles}'),
    (99002291000001102, 'Permethrin 5% cream', 'cream', '5%', 'application', 'topical', NULL, false, NULL, '{permethrin,pyrethroid,pyrethroids}'),
    (99002301000001103, 'Fusidic acid 2% cream', 'cream', '2%', 'application', 'topical', NULL, false, NULL, '{"fusidic acid","sodium fusidate",fusidate}'),
    (99002311000001101, 'Benzoyl peroxide 5% gel', 'gel', '5%', 'application', 'topical', NULL, false, NULL, '{"benzoyl peroxide"}'),

    -- Eye and ear
    (330286001, 'Chloramphenicol 0.5% eye drops', 'eye drops', '0.5%', 'drop', 'eye', NULL, false, NULL, '{chloramphenicol}'),  -- dm+d VMP id
    (99002321000001105, 'Chloramphenicol 1% eye ointment', 'eye ointment', '1%', 'application', 'eye', NULL, false, NULL, '{chloramphenicol}'),
    (99002331000001107, 'Hypromellose 0.3% eye drops', 'eye drops', '0.3%', 'drop', 'eye', NULL, false, NULL, '{hypromellose,"hydroxypropyl methylcellulose"}'),
    (99002341000001100, 'Olive oil ear drops', 'ear drops', '', 'drop', 'ear', NULL, false, NULL, '{"olive oil"}'),
    (99002351000001102, 'Acetic acid 2% ear spray', 'ear spray', '2%', 'spray', 'ear', NULL, false, NULL, '{"acetic acid"}'),

    -- Nicotine replacement therapy
    (99002361000001104, 'Nicotine 7mg/24hours transdermal patches', 'patch', '7mg/24hours', 'patch', 'transdermal', NULL, false, NULL, '{nicotine}'),
    (99002371000001109, 'Nicotine 14mg/24hours transdermal patches', 'patch', '14mg/24hours', 'patch', 'transdermal', NULL, false, NULL, '{nicotine}'),
    (99002381000001106, 'Nicotine 21mg/24hours transdermal patches', 'patch', '21mg/24hours', 'patch', 'transdermal', NULL, false, NULL, '{nicotine}'),
    (99002391000001108, 'Nicotine 25mg/16hours transdermal patches', 'patch', '25mg/16hours', 'patch', 'transdermal', NULL, false, NULL, '{nicotine}'),
    (99002401000001106, 'Nicotine 2mg medicated chewing gum sugar free', 'chewing gum', '2mg', 'piece', 'buccal', NULL, false, NULL, '{nicotine}'),
    (99002411000001108, 'Nicotine 4mg medicated chewing gum sugar free', 'chewing gum', '4mg', 'piece', 'buccal', NULL, false, NULL, '{nicotine}'),
    (99002421000001104, 'Nicotine 2mg lozenges sugar free', 'lozenge', '2mg', 'lozenge', 'buccal', NULL, false, NULL, '{nicotine}'),
    (99002431000001102, 'Nicotine 15mg inhalation cartridges', 'inhalation cartridge', '15mg', 'cartridge', 'inhaled', NULL, false, NULL, '{nicotine}'),
    (99002441000001109, 'Nicotine 1mg/dose oromucosal spray sugar free', 'oromucosal spray', '1mg/dose', 'spray', 'buccal', NULL, false, NULL, '{nicotine}'),

    -- Vitamins and minerals
    (99002451000001107, 'Folic acid 400microgram tablets', 'tablet', '400micrograms', 'tablet', 'oral', NULL, false, NULL, '{"folic acid",folate}'),
    (99002461000001105, 'Folic acid 5mg tablets', 'tablet', '5mg', 'tablet', 'oral', NULL, false, NULL, '{"folic acid",folate}'),
    (99002471000001100, 'Ferrous sulfate 200mg tablets', 'tablet', '200mg', 'tablet', 'oral', NULL, false, NULL, '{"ferrous sulfate","ferrous sulphate",iron}'),
    (99002481000001103, 'Ferrous fumarate 210mg tablets', 'tablet', '210mg', 'tablet', 'oral', NULL, false, NULL, '{"ferrous fumarate",iron}'),
    (99002491000001101, 'Colecalciferol 800unit capsules', 'capsule', '800units', 'capsule', 'oral', NULL, false, NULL, '{colecalciferol,cholecalciferol,"vitamin d","vitamin d3"}'),
    (99002501000001105, 'Colecalciferol 20,000unit capsules', 'capsule', '20,000units', 'capsule', 'oral', NULL, false, NULL, '{colecalciferol,cholecalciferol,"vitamin d","vitamin d3"}'),
    (99002511000001107, 'Calcium carbonate 1.5g / Colecalciferol 400unit chewable tablets', 'chewable tablet', '1.5g/400units', 'tablet', 'oral', NULL, false, NULL, '{"calcium carbonate",colecalciferol,cholecalciferol,"vitamin d","vitamin d3"}'),
    (99002521000001103, 'Hydroxocobalamin 1mg/1ml solution for injection ampoules', 'injection', '1mg/1ml', 'ml', 'intramuscular', NULL, false, NULL, '{hydroxocobalamin,"vitamin b12",cobalamin}'),

    -- Contraception, HRT and women's health
    (99002531000001101, 'Desogestrel 75microgram tablets', 'tablet', '75micrograms', 'tablet', 'oral', NULL, false, NULL, '{desogestrel,progestogen,progestogens,progestin,progestins}'),
    (99002541000001108, 'Levonorgestrel 150microgram / Ethinylestradiol 30microgram tablets', 'tablet', '150micrograms/30micrograms', 'tablet', 'oral', NULL, false, NULL, '{levonorgestrel,ethinylestradiol,"ethinyl estradiol",progestogen,progestogens,progestin,progestins,oestrogen,oestrogens,estrogen,estrogens}'),
    (99002551000001106, 'Levonorgestrel 1.5mg tablets', 'tablet', '1.5mg', 'tablet', 'oral', NULL, false, NULL, '{levonorgestrel,progestogen,progestogens,progestin,progestins}'),
    (99002561000001109, 'Ulipristal 30mg tablets', 'tablet', '30mg', 'tablet', 'oral', NULL, false, NULL, '{ulipristal,"ulipristal acetate"}'),
    (99002571000001104, 'Medroxyprogesterone 150mg/1ml suspension for injection pre-filled syringes', 'injection', '150mg/1ml', 'injection', 'intramuscular', NULL, false, NULL, '{medroxyprogesterone,"medroxyprogesterone acetate",progestogen,progestogens,progestin,progestins}'),
    (99002581000001102, 'Estradiol 2mg tablets', 'tablet', '2mg', 'tablet', 'oral', NULL, false, NULL, '{estradiol,oestradiol,oestrogen,oestrogens,estrogen,estrogens}'),
    (99002591000001100, 'Estradiol 50micrograms/24hours transdermal patches', 'patch', '50micrograms/24hours', 'patch', 'transdermal', NULL, false, NULL, '{estradiol,oestradiol,oestrogen,oestrogens,estrogen,estrogens}'),
    (99002601000001109, 'Norethisterone 5mg tablets', 'tablet', '5mg', 'tablet', 'oral', NULL, false, NULL, '{norethisterone,norethindrone,progestogen,progestogens,progestin,progestins}'),
    (99002611000001106, 'Tranexamic acid 500mg tablets', 'tablet', '500mg', 'tablet', 'oral', NULL, false, NULL, '{"tranexamic acid"}'),
    (99002621000001102, 'Clotrimazole 500mg pessaries', 'pessary', '500mg', 'pessary', 'vaginal', NULL, false, NULL, '{clotrimazole,"azole antifungal","azole antifungals",imidazole,imidazoles}'),

    -- Thyroid
    (99002631000001100, 'Levothyroxine sodium 25microgram tablets', 'tablet', '25micrograms', 'tablet', 'oral', NULL, false, NULL, '{levothyroxine,"levothyroxine sodium",thyroxine}'),
    (99002641000001107, 'Levothyroxine sodium 50microgram tablets', 'tablet', '50micrograms', 'tablet', 'oral', NULL, false, NULL, '{levothyroxine,"levothyroxine sodium",thyroxine}'),
    (99002651000001105, 'Levothyroxine sodium 100microgram tablets', 'tablet', '100micrograms', 'tablet', 'oral', NULL, false, NULL, '{levothyroxine,"levothyroxine sodium",thyroxine}'),

    -- Other medicines common in custody
    (99002661000001108, 'Allopurinol 100mg tablets', 'tablet', '100mg', 'tablet', 'oral', NULL, false, NULL, '{allopurinol,"xanthine oxidase inhibitor","xanthine oxidase inhibitors"}'),
    (99002671000001103, 'Allopurinol 300mg tablets', 'tablet', '300mg', 'tablet', 'oral', NULL, false, NULL, '{allopurinol,"xanthine oxidase inhibitor","xanthine oxidase inhibitors"}'),
    (330079002, 'Colchicine 500microgram tablets', 'tablet', '500micrograms', 'tablet', 'oral', NULL, false, NULL, '{colchicine}'),  -- dm+d VMP id
    (99002681000001101, 'Finasteride 5mg tablets', 'tablet', '5mg', 'tablet', 'oral', NULL, false, NULL, '{finasteride,"5-alpha reductase inhibitor","5-alpha reductase inhibitors"}'),
    (99002691000001104, 'Tamsulosin 400microgram modified-release capsules', 'modified-release capsule', '400micrograms', 'capsule', 'oral', NULL, false, NULL, '{tamsulosin,"tamsulosin hydrochloride",alpha-blocker,alpha-blockers,"alpha blocker","alpha blockers"}');
