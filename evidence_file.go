package mspeval

import "time"

// EvidenceFile is a file attached to a file question of a candidate's
// response, described without its bytes. There is at most one per question:
// attaching another replaces it. Its type was found from its content.
type EvidenceFile struct {
	// CandidateID is left out of what a respondent gets.
	CandidateID string    `json:"candidate_id,omitempty"`
	QuestionKey string    `json:"question_key"`
	Name        string    `json:"name"`
	Type        string    `json:"type"`
	Size        int64     `json:"size"`
	SHA256      string    `json:"sha256"`
	UploadedAt  time.Time `json:"uploaded_at"`
	// UploadedBy is "respondent" or a user ID; left out of what a respondent gets.
	UploadedBy string `json:"uploaded_by,omitempty"`
}

// FileContent is an evidence file with its bytes, for a download.
type FileContent struct {
	EvidenceFile
	Data []byte
}

// FileChange is a response after a file was attached or removed: the file
// (nil after a removal) and the response's state, as an autosave reports it.
type FileChange struct {
	File     *EvidenceFile `json:"file"`
	Status   string        `json:"status"`
	Revision int           `json:"revision"`
	SavedAt  *time.Time    `json:"saved_at"`
	Progress Progress      `json:"progress"`
}
