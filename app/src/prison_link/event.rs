//! Reading one message from the prison system's domain-event queue: the SNS `Notification`
//! envelope (or, with raw delivery, the event itself) and the HMPPS domain event inside it
//! (`../shared/specs/hmpps-domain-events/schema/hmpps-domain-event.json`). Anything malformed is
//! a [`EventProblem`] with words a manager can act on; nothing here panics on what the queue holds.

use chrono::{DateTime, Utc};
use serde::Deserialize;

/// One domain event, as every HMPPS publisher sends it.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DomainEvent {
    pub event_type: String,
    pub version: i64,
    pub occurred_at: DateTime<Utc>,
    #[serde(default)]
    pub description: Option<String>,
    #[serde(default)]
    pub detail_url: Option<String>,
    #[serde(default)]
    pub additional_information: serde_json::Map<String, serde_json::Value>,
    #[serde(default)]
    pub person_reference: Option<PersonReference>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct PersonReference {
    #[serde(default)]
    pub identifiers: Vec<Identifier>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
pub struct Identifier {
    #[serde(rename = "type")]
    pub kind: String,
    pub value: String,
}

impl DomainEvent {
    /// A string field of `additionalInformation`.
    pub fn information(&self, field: &str) -> Option<&str> {
        self.additional_information.get(field).and_then(serde_json::Value::as_str)
    }

    /// The person's prison (NOMS) number: from `personReference`, else `additionalInformation`.
    pub fn noms_number(&self) -> Option<&str> {
        self.person_reference
            .as_ref()
            .and_then(|r| r.identifiers.iter().find(|i| i.kind == "NOMS"))
            .map(|i| i.value.as_str())
            .or_else(|| self.information("nomsNumber"))
    }
}

/// The SNS envelope around an event when the queue's subscription does not use raw delivery.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Notification {
    #[serde(rename = "Type")]
    kind: String,
    message_id: String,
    message: String,
}

/// A message read off the queue.
#[derive(Clone, Debug, PartialEq)]
pub struct QueuedEvent {
    /// SNS's id for the publication when there was an envelope: a redelivery carries the same one.
    pub message_id: Option<String>,
    pub event: DomainEvent,
}

#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EventProblem {
    #[error("The message is not JSON: {0}")]
    NotJson(String),
    #[error("The message is an SNS {0}, not a Notification.")]
    NotANotification(String),
    #[error("The event does not have the shape of an HMPPS domain event: {0}")]
    NotADomainEvent(String),
}

/// The event in a queue message body: an SNS `Notification` whose `Message` is the event JSON,
/// or (raw delivery) the event JSON itself.
pub fn read_message(body: &str) -> Result<QueuedEvent, EventProblem> {
    let value: serde_json::Value =
        serde_json::from_str(body).map_err(|e| EventProblem::NotJson(e.to_string()))?;
    if value.get("Type").is_some() {
        let notification: Notification =
            serde_json::from_value(value).map_err(|e| EventProblem::NotADomainEvent(e.to_string()))?;
        if notification.kind != "Notification" {
            return Err(EventProblem::NotANotification(notification.kind));
        }
        let event = read_event(&notification.message)?;
        return Ok(QueuedEvent { message_id: Some(notification.message_id), event });
    }
    let event = serde_json::from_value(value).map_err(|e| EventProblem::NotADomainEvent(e.to_string()))?;
    Ok(QueuedEvent { message_id: None, event })
}

fn read_event(message: &str) -> Result<DomainEvent, EventProblem> {
    serde_json::from_str(message).map_err(|e| match e.classify() {
        serde_json::error::Category::Syntax | serde_json::error::Category::Eof => {
            EventProblem::NotJson(e.to_string())
        }
        _ => EventProblem::NotADomainEvent(e.to_string()),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn received() -> String {
        serde_json::json!({
            "eventType": "prisoner-offender-search.prisoner.received",
            "version": 1,
            "description": "A prisoner has been received into a prison with reason: admission on new charges",
            "detailUrl": "https://prisoner-search.example/prisoner/G2899UJ",
            "occurredAt": "2024-10-10T09:52:18.8241261+01:00",
            "additionalInformation": { "nomsNumber": "G2899UJ", "prisonId": "LEI", "reason": "NEW_ADMISSION" },
            "personReference": { "identifiers": [{ "type": "NOMS", "value": "G2899UJ" }] }
        })
        .to_string()
    }

    fn envelope(message: &str) -> String {
        serde_json::json!({
            "Type": "Notification",
            "MessageId": "20e13002-d1be-56e7-be8c-66cdd7e23341",
            "TopicArn": "arn:aws:sns:eu-west-2:000000000000:hmpps-domain-events",
            "Message": message,
            "Timestamp": "2024-10-10T08:52:19.000Z",
            "MessageAttributes": { "eventType": { "Type": "String", "Value": "prisoner-offender-search.prisoner.received" } }
        })
        .to_string()
    }

    #[test]
    fn an_sns_notification_yields_its_message_id_and_the_event_inside() {
        let queued = read_message(&envelope(&received())).expect("reads");
        assert_eq!(queued.message_id.as_deref(), Some("20e13002-d1be-56e7-be8c-66cdd7e23341"));
        assert_eq!(queued.event.event_type, "prisoner-offender-search.prisoner.received");
        assert_eq!(queued.event.noms_number(), Some("G2899UJ"));
        assert_eq!(queued.event.information("prisonId"), Some("LEI"));
        assert_eq!(queued.event.occurred_at.to_rfc3339(), "2024-10-10T08:52:18.824126100+00:00");
    }

    #[test]
    fn raw_delivery_is_the_event_itself() {
        let queued = read_message(&received()).expect("reads");
        assert_eq!(queued.message_id, None);
        assert_eq!(queued.event.version, 1);
    }

    #[test]
    fn malformed_messages_say_what_is_wrong() {
        assert!(matches!(read_message("{not json"), Err(EventProblem::NotJson(_))));
        let confirmation = r#"{"Type":"SubscriptionConfirmation","MessageId":"m","Message":"x"}"#;
        assert!(matches!(read_message(confirmation), Err(EventProblem::NotANotification(_))));
        assert!(matches!(read_message(&envelope("{\"version\":1}")), Err(EventProblem::NotADomainEvent(_))));
        assert!(matches!(read_message(&envelope("]")), Err(EventProblem::NotJson(_))));
        let no_time = r#"{"eventType":"x","version":1}"#;
        assert!(matches!(read_message(no_time), Err(EventProblem::NotADomainEvent(_))));
    }

    proptest! {
        /// Whatever arrives on the queue is read or refused, never a panic.
        #[test]
        fn any_body_is_read_or_refused(body in ".{0,200}") {
            let _ = read_message(&body);
            let _ = read_message(&envelope(&body));
        }
    }
}
