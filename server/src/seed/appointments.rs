//! Demo clinics at every establishment, four weeks of appointments with their outcomes (for the
//! attendance report), today's clinic lists, waiting lists, and Mr Doyle's outstanding hospital
//! and dental appointments that go with him when he is transferred.

use chrono::{DateTime, Utc};
use sqlx::{Postgres, Transaction};

use super::SeedError;

pub async fn insert_appointments(
    tx: &mut Transaction<'_, Postgres>,
    now: DateTime<Utc>,
) -> Result<(), SeedError> {
    sqlx::query(
        "INSERT INTO clinic (establishment_id, kind, name, place, slot_minutes, opens, closes)
         SELECT e.id, c.kind, c.name, c.place, c.slot, c.opens::time, c.closes::time
         FROM establishment e
         CROSS JOIN (VALUES
             ('gp', 'GP clinic', 'Healthcare centre room 1', 15, '09:00', '16:30'),
             ('nurse', 'Nurse clinic', 'Healthcare centre room 2', 15, '09:00', '16:30'),
             ('dentist', 'Dental clinic', 'Dental surgery', 30, '09:00', '15:30'),
             ('optician', 'Optician', 'Healthcare centre room 3', 30, '10:00', '15:00'),
             ('physiotherapy', 'Physiotherapy', 'Healthcare centre room 3', 30, '09:00', '12:00'),
             ('mental_health', 'Mental health in-reach', 'Wellbeing suite', 45, '09:00', '16:00'),
             ('substance_misuse', 'Substance misuse service', 'Wellbeing suite', 30, '09:00', '16:00'),
             ('pharmacist', 'Pharmacist clinic', 'Pharmacy', 15, '13:00', '16:00'),
             ('hospital', 'Hospital outpatients', 'Local general hospital', 60, '09:00', '17:00')
         ) AS c(kind, name, place, slot, opens, closes)",
    )
    .execute(&mut **tx)
    .await?;

    // The last four weeks: about one in ten patients a day seen somewhere, each with an outcome.
    sqlx::query(
        "WITH people AS (
             SELECT w.patient_id, w.establishment_id, row_number() OVER (PARTITION BY w.establishment_id ORDER BY p.prison_number) AS n
             FROM patient_whereabouts w JOIN patient p ON p.id = w.patient_id
             WHERE w.status = 'in_establishment' AND p.prison_number NOT LIKE 'A100%'),
         past AS (
             SELECT pe.patient_id, pe.establishment_id, c.id AS clinic_id, c.kind, c.slot_minutes,
                    ((($1::timestamptz AT TIME ZONE 'Europe/London')::date - d) + c.opens + make_interval(mins => c.slot_minutes * (pe.n % 12)::int))
                        AT TIME ZONE 'Europe/London' AS starts_at,
                    abs(hashtext(pe.patient_id::text || d::text || 'outcome')) % 100 AS roll
             FROM people pe
             CROSS JOIN generate_series(1, 28) AS d
             JOIN clinic c ON c.establishment_id = pe.establishment_id
                 AND c.kind = (ARRAY['gp', 'nurse', 'dentist', 'mental_health', 'substance_misuse', 'hospital'])[1 + abs(hashtext(pe.patient_id::text || d::text || 'k')) % 6]
             WHERE abs(hashtext(pe.patient_id::text || d::text)) % 20 = 0)
         INSERT INTO appointment (patient_id, establishment_id, clinic_kind, clinic_id, starts_at, ends_at, reason, priority, status,
                                  escort_required, requested_at, booked_by, booked_at, outcome_reason, outcome_note, outcome_by, outcome_at)
         SELECT p.patient_id, p.establishment_id, p.kind, p.clinic_id, p.starts_at, p.starts_at + make_interval(mins => p.slot_minutes),
                'Review', 'routine',
                CASE WHEN p.roll < 68 THEN 'attended'
                     WHEN p.roll < 78 + CASE WHEN p.kind = 'hospital' THEN 12 ELSE 0 END THEN 'did_not_attend'
                     WHEN p.roll < 84 THEN 'refused'
                     WHEN p.roll < 95 THEN 'cancelled_by_establishment'
                     ELSE 'patient_away' END,
                p.kind = 'hospital', p.starts_at - interval '12 days', s.id, p.starts_at - interval '10 days',
                CASE WHEN p.roll >= 84 AND p.roll < 95 THEN (ARRAY['regime', 'lockdown', 'staffing', 'escort'])[1 + p.roll % 4] END,
                CASE WHEN p.roll >= 78 AND p.roll < 84 THEN 'Declined on the wing' ELSE '' END,
                s.id, p.starts_at + interval '20 minutes'
         FROM past p
         JOIN establishment e ON e.id = p.establishment_id
         JOIN staff s ON s.username = 'nurse.' || lower(e.code)",
    )
    .bind(now)
    .execute(&mut **tx)
    .await?;

    // Mr Doyle (Leeds): neurology outpatients booked, and waiting for the dentist.
    sqlx::query(
        "INSERT INTO appointment (patient_id, establishment_id, clinic_kind, clinic_id, starts_at, ends_at, reason, priority, status,
                                  escort_required, security_note, requested_at, booked_by)
         SELECT p.id, w.establishment_id, c.kind, c.id,
                CASE WHEN c.kind = 'hospital' THEN (($1::timestamptz AT TIME ZONE 'Europe/London')::date + 10 + time '10:00') AT TIME ZONE 'Europe/London' END,
                CASE WHEN c.kind = 'hospital' THEN (($1::timestamptz AT TIME ZONE 'Europe/London')::date + 10 + time '11:00') AT TIME ZONE 'Europe/London' END,
                CASE WHEN c.kind = 'hospital' THEN 'Neurology review of seizure control' ELSE 'Broken molar' END,
                CASE WHEN c.kind = 'hospital' THEN 'soon' ELSE 'routine' END,
                CASE WHEN c.kind = 'hospital' THEN 'booked' ELSE 'waiting' END,
                c.kind = 'hospital', CASE WHEN c.kind = 'hospital' THEN 'Two officers; cuffed in transit' ELSE '' END,
                $1::timestamptz - interval '9 days', s.id
         FROM patient p
         JOIN patient_whereabouts w ON w.patient_id = p.id
         JOIN establishment e ON e.id = w.establishment_id
         JOIN clinic c ON c.establishment_id = w.establishment_id AND c.kind IN ('hospital', 'dentist')
         JOIN staff s ON s.username = 'nurse.' || lower(e.code)
         WHERE p.prison_number = 'A1006AA'",
    )
    .bind(now)
    .execute(&mut **tx)
    .await?;

    // Today's GP list at every establishment, running now (the first patient was due ten minutes ago), and a waiting list.
    sqlx::query(
        "WITH people AS (
             SELECT w.patient_id, w.establishment_id, row_number() OVER (PARTITION BY w.establishment_id ORDER BY p.family_name) AS n
             FROM patient_whereabouts w JOIN patient p ON p.id = w.patient_id
             WHERE w.status = 'in_establishment' AND p.prison_number NOT LIKE 'A100%')
         INSERT INTO appointment (patient_id, establishment_id, clinic_kind, clinic_id, clinician_id, starts_at, ends_at, reason, priority,
                                  status, requested_at, booked_by)
         SELECT pe.patient_id, pe.establishment_id, 'gp', c.id,
                CASE WHEN pe.n <= 6 THEN dr.id END,
                CASE WHEN pe.n <= 6 THEN date_bin('5 minutes', $1::timestamptz, timestamptz '2000-01-01') + make_interval(mins => 15 * (pe.n::int - 1) - 10) END,
                CASE WHEN pe.n <= 6 THEN date_bin('5 minutes', $1::timestamptz, timestamptz '2000-01-01') + make_interval(mins => 15 * pe.n::int - 10) END,
                (ARRAY['Chest pain on exertion', 'Medication review', 'Rash', 'Back pain', 'Low mood', 'Asthma review',
                       'Headaches', 'Weight loss', 'Sleep problems'])[pe.n::int],
                CASE WHEN pe.n = 7 THEN 'urgent' WHEN pe.n = 8 THEN 'soon' ELSE 'routine' END,
                CASE WHEN pe.n <= 6 THEN 'booked' ELSE 'waiting' END,
                $1::timestamptz - make_interval(days => 2 * pe.n::int), s.id
         FROM people pe
         JOIN clinic c ON c.establishment_id = pe.establishment_id AND c.kind = 'gp'
         JOIN establishment e ON e.id = pe.establishment_id
         JOIN staff s ON s.username = 'nurse.' || lower(e.code)
         JOIN staff dr ON dr.username = 'prescriber.' || lower(e.code)
         WHERE pe.n <= 9",
    )
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}
