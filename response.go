package mspeval

import "time"

// The response's life: not started → in progress (the first save) → submitted
// (locked) → in progress again when an editor reopens it. These functions are the
// whole state machine; the store only writes what they decide.

// ResponseChange is what a transition writes to a candidate's response. Nil
// pointers leave a column as it is.
type ResponseChange struct {
	Status      string
	StartedAt   *time.Time
	SubmittedAt *time.Time // set on submit
	SubmittedBy string
	AnsweredAt  *time.Time // set by a save
	Reopened    bool       // clears the submission and stamps reopened_at
}

// Save decides whether answers may be saved into a response, and what the save
// changes.
func (r Response) Save(now time.Time) (ResponseChange, error) {
	if r.Status == ResponseSubmitted {
		return ResponseChange{}, Errorf(ECONFLICT, "the response was submitted and is locked until an editor reopens it")
	}
	ch := ResponseChange{Status: r.Status, AnsweredAt: &now}
	if r.Status == ResponseNotStarted || r.Status == "" {
		ch.Status = ResponseInProgress
	}
	if r.StartedAt == nil {
		ch.StartedAt = &now
	}
	return ch, nil
}

// Submit decides whether a response may be submitted by who, given the required
// questions still open (missing, as FieldErrors naming them).
func (r Response) Submit(now time.Time, by string, missing []FieldError) (ResponseChange, error) {
	if r.Status == ResponseSubmitted {
		return ResponseChange{}, Errorf(ECONFLICT, "the response was already submitted")
	}
	if len(missing) > 0 {
		return ResponseChange{}, Invalid("the response cannot be submitted: required questions are not answered", missing...)
	}
	ch := ResponseChange{Status: ResponseSubmitted, SubmittedAt: &now, SubmittedBy: by}
	if r.StartedAt == nil {
		ch.StartedAt = &now
	}
	return ch, nil
}

// Reopen decides whether a response may be opened again for changes.
func (r Response) Reopen() (ResponseChange, error) {
	if r.Status != ResponseSubmitted {
		return ResponseChange{}, Errorf(ECONFLICT, "the response is %s; only a submitted response can be reopened", r.Status)
	}
	return ResponseChange{Status: ResponseInProgress, Reopened: true}, nil
}

// Usable returns nil while a link works, and EGONE once it was revoked or has
// expired, with a sentence for the respondent that says which. Whom to ask for
// a new link is for the page to say: it knows who sent this one. Revoked and
// expired links stop working whatever the response's state: a submitted
// response is not readable forever through an old link.
func (inv *Invitation) Usable(now time.Time) error {
	switch {
	case inv.RevokedAt != nil:
		return Errorf(EGONE, "This link was withdrawn.")
	case inv.expired(now):
		return Errorf(EGONE, "This link expired on %s.", DefaultDates().Day(inv.ExpiresAt))
	}
	return nil
}

// AcceptsChanges returns nil while an evaluation is open, and ECONFLICT once it
// is closed: a closed evaluation takes no new candidates, links or answers
// until an editor reopens it.
func (e Evaluation) AcceptsChanges() error {
	if e.Status == EvaluationClosed {
		return Errorf(ECONFLICT, "the evaluation %q is closed: it takes no new candidates, links or answers; an editor can reopen it", e.Name)
	}
	return nil
}
